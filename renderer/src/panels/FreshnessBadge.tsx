import type { MouseEvent } from 'react';
import { useStore } from '../store/store';
import { formatAge } from './format';
import { useTimeFormat } from '../support/use-time-format';
import { badgeState, readBadge } from './badge-state';
import { freshness } from './staleness';

/**
 * "live" while data keeps arriving, "STALE since 14:02:07 · 2 min" once it is older than
 * two refresh periods (panels/staleness.ts), "recorded" in offline review (where nothing is live),
 * "as of 14:02:07" while nothing is refreshed (auto-refresh off, a fixed range).
 */
export function FreshnessBadge({ fetchedAt, reserve }: { fetchedAt: number | undefined; reserve?: boolean }) {
  const time = useTimeFormat();
  // What the badge reads, as one string: the clock ticks every second (app/App.tsx), and a
  // badge reading "live" need not re-render then; twenty of them did, on every tick.
  const state = useStore((s) =>
    badgeState({ fetchedAt, now: s.now, refreshSeconds: s.liveRefreshSeconds(), offline: s.session?.mode === 'bundle', linkDown: s.connection.status === 'reconnecting' || s.connection.status === 'connecting' }),
  );
  const shown = readBadge(state);
  // `reserve`: the room the badge will take, kept empty until the first answer, for a badge
  // with something beside it that would move when it appears (a logs panel's Live switch).
  if (shown.kind === 'none') return reserve ? <span className="badge badge--reserve" aria-hidden="true" /> : null;
  if (shown.kind === 'recorded') return <span className="badge badge--muted">recorded</span>;
  if (shown.kind === 'held')
    return (
      <span className="badge badge--muted" data-testid="held-badge" title="Auto-refresh is off or the range is fixed: this panel is not being refreshed">
        as of {time.instant(fetchedAt!)}
      </span>
    );
  if (shown.kind === 'paused')
    return (
      <span className="badge badge--paused" title="The connection dropped; this is the last data received">
        paused · {shown.age}
      </span>
    );
  if (shown.kind === 'live') return <span className="badge badge--live" title="updated just now" onMouseEnter={(e) => showAge(e, fetchedAt)}>live</span>;
  return (
    <span className="badge badge--stale" data-testid="stale-badge">
      STALE since {time.instant(fetchedAt!)} · {shown.age}
    </span>
  );
}

/** The age under the pointer, read when it arrives rather than re-rendered every second. */
function showAge(event: MouseEvent<HTMLSpanElement>, fetchedAt: number | undefined) {
  if (fetchedAt === undefined) return;
  event.currentTarget.title = `updated ${formatAge(Math.max(0, useStore.getState().now - fetchedAt))} ago`;
}

/** Whether data fetched at `fetchedAt` should be drawn dimmed. */
export function useIsStale(fetchedAt: number | undefined): boolean {
  return useStore((s) => {
    if (fetchedAt === undefined || s.session?.mode === 'bundle') return false;
    const refresh = s.liveRefreshSeconds();
    return refresh > 0 && freshness(fetchedAt, s.now, refresh).stale;
  });
}
