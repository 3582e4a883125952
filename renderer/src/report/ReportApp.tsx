import { useEffect } from 'react';
import { AlertsList } from '../alerts/AlertsList';
import { Header } from '../app/Header';
import { Toasts } from '../app/Toasts';
import { Dialogs } from '../dialogs/Dialogs';
import { IncidentView } from '../incidents/IncidentView';
import { useShortcuts } from '../keyboard/shortcuts';
import { Dashboard } from '../panels/Dashboard';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { TraceView } from '../trace/TraceView';
import { TraceSearchScreen } from '../trace/search/TraceSearchScreen';
import { useTraceLinks } from '../trace/search/use-trace-links';

/**
 * The HTML report's page: the console's review layout on the incident file it carries,
 * with no host to connect to — so, unlike App, it never opens a client of its own and has
 * no "Back to live". `problem` is the sentence shown instead when the file cannot be read.
 */
export function ReportApp({ problem }: { problem?: string }) {
  const hasSession = useStore((s) => s.session !== null);
  const sessionError = useStore((s) => s.sessionError);
  const file = useStore((s) => s.offlineFile);
  const theme = useStore((s) => s.theme);
  useShortcuts();
  useTraceLinks();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const timer = setInterval(() => useStore.getState().tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const failure = problem ?? (!hasSession ? sessionError : undefined);
  if (failure) {
    return (
      <div className="fullscreen-message" role="alert" data-testid="report-error">
        <SafeText text={failure} />
      </div>
    );
  }
  return (
    <div className="app" data-testid="app">
      <Header />
      <div className="banner banner--offline" role="status" data-testid="offline-banner">
        <strong>Incident report — read only.</strong> <span>
          <SafeText text={file ?? 'This report'} />: everything shown comes from the incident file inside this page; nothing is fetched and nothing can be changed.
        </span>
      </div>
      {hasSession ? (
        <main className="layout">
          <div className="layout__main">
            <Dashboard />
          </div>
          <aside className="layout__side">
            <AlertsList />
            <IncidentView />
          </aside>
        </main>
      ) : (
        <div className="fullscreen-message" role="status" data-testid="connecting">
          <span className="spinner" aria-hidden="true" /> Opening the incident…
        </div>
      )}
      <TraceSearchScreen />
      <TraceView />
      <Dialogs />
      <Toasts />
    </div>
  );
}
