import { formatAge } from '../panels/format';
import { useTimeFormat } from '../support/use-time-format';
import { freshness } from '../panels/staleness';
import { useStore } from '../store/store';

/**
 * "STALE since 14:02:07 · 40 s": the list it sits on (alerts, incidents, blue/green) has had
 * no fresh data for more than twice its refresh period, so a wall never shows a frozen list
 * as the current state. Nothing in offline review (nothing there is live) and nothing before
 * the first answer (the list says it is loading). It clears itself when data arrives again.
 */
export function StaleMark({ fetchedAt, refreshSeconds, testId }: { fetchedAt: number | undefined; refreshSeconds: number; testId: string }) {
  const offline = useStore((s) => s.session?.mode === 'bundle');
  // The clock only while STALE (its title counts the seconds): a fresh list's mark is not drawn again each second.
  const now = useStore((s) => (fetchedAt !== undefined && freshness(fetchedAt, s.now, refreshSeconds).stale ? s.now : undefined));
  const time = useTimeFormat();
  if (offline || fetchedAt === undefined || now === undefined) return null;
  const { stale, ageMs } = freshness(fetchedAt, now, refreshSeconds);
  if (!stale) return null;
  return (
    <span className="badge badge--stale" data-testid={testId} title={`No fresh data for ${formatAge(ageMs)}; what is shown is as of ${time.instant(fetchedAt)}.`}>
      STALE since {time.instant(fetchedAt)}
    </span>
  );
}
