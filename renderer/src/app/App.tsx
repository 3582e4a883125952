import { useEffect } from 'react';
import { createHostClient } from '../api/choose-client';
import { useShortcuts } from '../keyboard/shortcuts';
import { Dashboard } from '../panels/Dashboard';
import { useStore } from '../store/store';
import { PendingActions } from '../actions/PendingActions';
import { AlertsList } from '../alerts/AlertsList';
import { Dialogs } from '../dialogs/Dialogs';
import { IncidentView } from '../incidents/IncidentView';
import { TraceView } from '../trace/TraceView';
import { BadTokenScreen, OfflineBanner, ProblemsBar, SessionErrorScreen } from './Banners';
import { useDeepLinks } from './deep-links';
import { Header } from './Header';
import { Toasts } from './Toasts';

export function App() {
  const status = useStore((s) => s.connection.status);
  const hasSession = useStore((s) => s.session !== null);
  const sessionError = useStore((s) => s.sessionError);
  const theme = useStore((s) => s.theme);
  const wall = useStore((s) => s.wall);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const loadSession = useStore((s) => s.loadSession);
  useShortcuts();
  useDeepLinks();

  useEffect(() => {
    const state = useStore.getState();
    if (new URLSearchParams(window.location.search).get('wall') === '1') state.setWall(true);
    const client = createHostClient();
    void state.attachClient(client);
    const timer = setInterval(() => useStore.getState().tick(Date.now()), 1000);
    return () => {
      clearInterval(timer);
      client.close();
    };
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.wall = wall ? '1' : '0';
  }, [theme, wall]);

  useEffect(() => {
    if (focusArea === 'dashboard' && focusRequest > 0) document.getElementById('dashboard')?.focus();
  }, [focusArea, focusRequest]);

  if (status === 'unauthorized') return <BadTokenScreen />;
  if (!hasSession && sessionError) return <SessionErrorScreen message={sessionError} onRetry={() => void loadSession()} />;

  return (
    <div className="app" data-testid="app">
      <Header />
      <OfflineBanner />
      <ProblemsBar />
      {hasSession ? (
        <main className="layout">
          <div className="layout__main">
            <Dashboard />
          </div>
          <aside className="layout__side">
            <PendingActions />
            <AlertsList />
            <IncidentView />
          </aside>
        </main>
      ) : (
        <div className="fullscreen-message" role="status" data-testid="connecting">
          <span className="spinner" aria-hidden="true" /> Connecting to Lockstep…
        </div>
      )}
      <TraceView />
      <Dialogs />
      <Toasts />
    </div>
  );
}
