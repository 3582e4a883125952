import { useEffect } from 'react';
import { ConsoleLayout, useClockTick } from '../app/ConsoleLayout';
import { Header } from '../app/Header';
import { Toasts } from '../app/Toasts';
import { Dialogs } from '../dialogs/Dialogs';
import { useShortcuts } from '../keyboard/shortcuts';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { TraceView } from '../trace/TraceView';
import { TraceSearchScreen } from '../trace/search/TraceSearchScreen';
import { useTraceLinks } from '../trace/search/use-trace-links';

/**
 * The HTML report's page: the console's layout (app/ConsoleLayout.tsx) on the incident file it carries,
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

  useClockTick();

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
        <ConsoleLayout />
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
