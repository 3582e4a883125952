import { useStore } from '../store/store';
import { formatAge } from './format';
import { useTimeFormat } from '../support/use-time-format';
import { freshness } from './staleness';

/**
 * "live" while data keeps arriving, "STALE since 14:02:07 · 2 min" once it is older than
 * two refresh periods (panels/staleness.ts), "recorded" in offline review (where nothing is live).
 */
export function FreshnessBadge({ fetchedAt }: { fetchedAt: number | undefined }) {
  const now = useStore((s) => s.now);
  const time = useTimeFormat();
  const refresh = useStore((s) => s.session?.dashboard.refreshSeconds ?? 5);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const linkDown = useStore((s) => s.connection.status === 'reconnecting' || s.connection.status === 'connecting');
  if (offline) return <span className="badge badge--muted">recorded</span>;
  if (fetchedAt === undefined) return null;
  const { stale, ageMs } = freshness(fetchedAt, now, refresh);
  if (!stale && linkDown) return <span className="badge badge--paused" title="The connection dropped; this is the last data received">paused · {formatAge(ageMs)}</span>;
  if (!stale) return <span className="badge badge--live" title={`updated ${formatAge(ageMs)} ago`}>live</span>;
  return (
    <span className="badge badge--stale" data-testid="stale-badge">
      STALE since {time.instant(fetchedAt)} · {formatAge(ageMs)}
    </span>
  );
}

/** Whether data fetched at `fetchedAt` should be drawn dimmed. */
export function useIsStale(fetchedAt: number | undefined): boolean {
  return useStore((s) => {
    if (fetchedAt === undefined || s.session?.mode === 'bundle') return false;
    return freshness(fetchedAt, s.now, s.session?.dashboard.refreshSeconds ?? 5).stale;
  });
}
