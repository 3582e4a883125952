import { useEffect, type ReactNode } from 'react';
import type { Panel } from '../../../shared/model/dashboard';
import { AlertsList } from '../alerts/AlertsList';
import { IncidentView } from '../incidents/IncidentView';
import { Dashboard } from '../panels/Dashboard';
import { useStore } from '../store/store';

/**
 * The console's two columns: the dashboard, and beside it what is firing and the incident at
 * hand. The live console (App) and the HTML report (ReportApp) both draw it, so a review of an
 * exported incident looks like the console did.
 */
export function ConsoleLayout({ panels, aboveDashboard, sideTop }: { panels?: readonly Panel[]; aboveDashboard?: ReactNode; sideTop?: ReactNode }) {
  return (
    <main className="layout">
      <div className="layout__main">
        {aboveDashboard}
        <Dashboard panels={panels} />
      </div>
      <aside className="layout__side">
        {sideTop}
        <AlertsList />
        <IncidentView />
      </aside>
    </main>
  );
}

/** The store's clock, moved once a second: ages ("3 min ago") and staleness read it. */
export function useClockTick(): void {
  useEffect(() => {
    const timer = setInterval(() => useStore.getState().tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
}
