import { useEffect, useMemo } from 'react';
import { incidentFileWindow } from '../api/bundle-client';
import { useStore } from '../store/store';
import { alertsAt, incidentsAt } from './replay-time';

/** The instant being replayed, or undefined in a live session. */
export function useReplayAt(): number | undefined {
  return useStore((s) => s.replay?.at);
}

/** The replay clock follows the client: an incident file starts one, going back live ends it. */
export function useReplaySync(): void {
  const client = useStore((s) => s.client);
  useEffect(() => {
    const window = incidentFileWindow(client);
    const state = useStore.getState();
    if (window) state.startReplay(window);
    else state.stopReplay();
  }, [client]);
}

/** How often play moves the clock: 4 steps a second reads as motion without redrawing every panel 60 times a second. */
const PLAY_STEP_MS = 250;

/** While playing, moves `at` by the real time that passed times the speed. */
export function useReplayPlayer(): void {
  const playing = useStore((s) => s.replay?.playing ?? false);
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      useStore.getState().advanceReplay(now - last);
      last = now;
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing]);
}

/** The alert list as at the replayed instant (all alerts, unchanged, when live). */
export function useAlertsAsOf() {
  const alerts = useStore((s) => s.alerts);
  const timeline = useStore((s) => s.timeline);
  const at = useReplayAt();
  return useMemo(() => (at === undefined ? { alerts, notYet: 0 } : alertsAt(alerts, timeline, at)), [alerts, timeline, at]);
}

/** The incidents as at the replayed instant (unchanged when live). */
export function useIncidentsAsOf() {
  const incidents = useStore((s) => s.incidents);
  const timeline = useStore((s) => s.timeline);
  const at = useReplayAt();
  return useMemo(() => (at === undefined ? incidents : incidentsAt(incidents, timeline, at)), [incidents, timeline, at]);
}
