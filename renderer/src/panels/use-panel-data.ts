import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Panel } from '../../../shared/model/dashboard';
import type { LiveEntry } from '../store/panels-slice';
import { useStore } from '../store/store';
import { useDelayed } from '../support/hooks';
import { liveQueryId } from './live-queries';
import { cutResultAt } from '../replay/replay-time';
import { useReplayAt } from '../replay/use-replay';

export interface PanelData {
  entries: (LiveEntry | undefined)[];
  /** The oldest answer among the targets: the panel is only as fresh as that. */
  oldestFetch?: number;
  error?: string;
  /** No answer yet for some target, for more than a second. */
  slowLoading: boolean;
  waiting: boolean;
}

/** The live entries of one panel's targets, with the states its frame shows. */
export function usePanelData(panel: Panel): PanelData {
  const held = useStore(useShallow((s) => panel.targets.map((t) => s.live[liveQueryId(panel.id, t.refId)])));
  // Replaying an incident file, a panel draws its data up to the replayed instant, as it looked then.
  const at = useReplayAt();
  const entries = useMemo(() => (at === undefined ? held : held.map((e) => (e?.result ? { ...e, result: cutResultAt(e.result, at) } : e))), [held, at]);
  const liveError = useStore((s) => s.liveError);
  const waiting = entries.some((e) => e === undefined) && !liveError;
  const slowLoading = useDelayed(waiting, 1000);
  const fetched = entries.flatMap((e) => (e?.result ? [e.result.fetchedAt] : []));
  const errors = entries.flatMap((e) => (e?.error ? [e.error] : []));
  return {
    entries,
    oldestFetch: fetched.length ? Math.min(...fetched) : undefined,
    error: errors[0] ?? (entries.every((e) => e === undefined) ? liveError : undefined),
    slowLoading,
    waiting,
  };
}
