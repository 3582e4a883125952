import { useEffect } from 'react';
import { createHostClient } from '../api/choose-client';
import { useShortcuts } from '../keyboard/shortcuts';
import { DashboardBar } from '../dashboards/DashboardBar';
import { useStore } from '../store/store';
import { PendingActions } from '../actions/PendingActions';
import { Dialogs } from '../dialogs/Dialogs';
import { IncidentFileDrop } from '../incidents/IncidentFileDrop';
import { useDesktopIncidentFile, useHostIncidentFile } from '../incidents/use-host-incident-file';
import { LazyTraceSearchScreen, LazyTraceView } from './lazy-views';
import { usePreloadOfflineViews } from './preload-offline-views';
import { useTraceLinks } from '../trace/search/use-trace-links';
import { BadTokenScreen, OfflineBanner, ProblemsBar, SessionErrorScreen } from './Banners';
import { useDeepLinks } from './deep-links';
import { ConsoleLayout, useClockTick } from './ConsoleLayout';
import { Header } from './Header';
import { Toasts } from './Toasts';
import { restoreWallToken } from '../api/token';
import { useKioskFullscreen } from '../wall/fullscreen';
import { usePauseOnFocus, usePlaylist } from '../wall/use-playlist';
import { WallRibbon } from '../wall/WallRibbon';
import { WallStatus } from '../wall/WallStatus';
import { ReplayBar } from '../replay/Scrubber';
import { readWallParams } from '../wall/wall-params';
import { useWall } from '../wall/wall-store';

export function App() {
  const status = useStore((s) => s.connection.status);
  const hasSession = useStore((s) => s.session !== null);
  const sessionError = useStore((s) => s.sessionError);
  const theme = useStore((s) => s.theme);
  const wall = useStore((s) => s.wall);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const loadSession = useStore((s) => s.loadSession);
  const role = useStore((s) => s.session?.role);
  usePreloadOfflineViews();
  // Drawn only once opened, so their chunks are fetched then and not with the first dashboard.
  const traceOpen = useStore((s) => s.traceView !== null);
  const traceSearchOpen = useStore((s) => s.traceSearch.open);
  const kiosk = useWall((s) => s.kiosk);
  const contrast = useWall((s) => s.contrast);
  const playlist = usePlaylist();
  const fullscreen = useKioskFullscreen(kiosk);
  usePauseOnFocus(playlist !== undefined && playlist.count > 1);
  useShortcuts();
  useDeepLinks();
  useTraceLinks();
  useHostIncidentFile();
  useDesktopIncidentFile();

  useEffect(() => {
    const state = useStore.getState();
    const params = readWallParams(window.location.search);
    if (params.wall) state.setWall(true);
    useWall.getState().configure(params);
    if (params.playlistError) state.pushToast({ id: 'playlist-error', title: 'Playlist not used', body: params.playlistError, severity: 'warning' });
    const client = createHostClient();
    void state.attachClient(client);
    return () => client.close();
  }, []);
  useClockTick();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.wall = wall ? '1' : '0';
    document.documentElement.dataset.kiosk = kiosk ? '1' : '0';
    document.documentElement.dataset.contrast = contrast ? '1' : '0';
  }, [theme, wall, kiosk, contrast]);

  // A wall on the viewer credential keeps its token in the address, so its bookmark survives restarts (api/token.ts says why that is safe).
  useEffect(() => {
    restoreWallToken({ location: window.location, history: window.history, storage: window.sessionStorage }, role);
  }, [role]);

  useEffect(() => {
    if (focusArea === 'dashboard' && focusRequest > 0) document.getElementById('dashboard')?.focus();
  }, [focusArea, focusRequest]);

  if (status === 'unauthorized') return <BadTokenScreen />;
  if (!hasSession && sessionError) return <SessionErrorScreen message={sessionError} onRetry={() => void loadSession()} />;

  // On a wall App draws again at every slide turn (usePlaylist). What it holds that does not
  // depend on the slide (the side column, banners, dialogs) is wrapped in memo and draws only
  // when its own store subscriptions change; else V8 kept optimising that work for half an hour.
  return (
    <div className="app" data-testid="app">
      {!kiosk && <Header />}
      {wall && <WallRibbon playlist={playlist} fullscreen={fullscreen} />}
      <OfflineBanner />
      <ReplayBar />
      <ProblemsBar />
      {hasSession ? (
        <ConsoleLayout
          panels={playlist?.current.panels}
          aboveDashboard={!wall && <DashboardBar />}
          sideTop={
            <>
              {wall && <WallStatus />}
              <PendingActions />
            </>
          }
        />
      ) : (
        <div className="fullscreen-message" role="status" data-testid="connecting">
          <span className="spinner" aria-hidden="true" /> Connecting to Lockstep…
        </div>
      )}
      {traceSearchOpen && <LazyTraceSearchScreen />}
      {traceOpen && <LazyTraceView />}
      <Dialogs />
      <IncidentFileDrop />
      {/* On a wall, notifications go to the ribbon: a toast must never cover a panel. */}
      {!wall && <Toasts />}
    </div>
  );
}
