import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { visibleText } from '../../../shared/text/visible-text';
import { formatAge } from '../panels/format';
import { useTimeFormat } from '../support/use-time-format';
import { freshness } from '../panels/staleness';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import type { PlaylistView } from './use-playlist';
import { RibbonToasts } from './RibbonToasts';
import { skippedText } from './playlist-library';
import { ribbonReserve } from './ribbon-reserve';
import { useWall } from './wall-store';

/**
 * The wall's one line of chrome: clock, what is on screen and what comes next, whether
 * alerting can be trusted, whether the data is STALE (and since when), and notifications.
 * It sits in the page's flow, above the panels, so nothing it shows ever covers one.
 */
export function WallRibbon({ playlist, fullscreen }: { playlist: PlaylistView | undefined; fullscreen: boolean }) {
  const kiosk = useWall((s) => s.kiosk);
  const now = useStore((s) => s.now);
  const time = useTimeFormat();
  const title = useStore((s) => s.session?.dashboard.title);
  return (
    <div className="ribbon" data-testid="wall-ribbon" role="banner">
      <time className="ribbon__clock" data-testid="wall-clock">{time.instant(now)}</time>
      {playlist ? <PlaylistStatus playlist={playlist} now={now} /> : title && <span className="ribbon__title"><SafeText text={title} /></span>}
      <AlertingState />
      <DataState now={now} />
      <span className="spacer" />
      <RibbonToasts />
      {kiosk && !fullscreen && <span className="ribbon__hint" data-testid="fullscreen-hint">click or press a key for full screen</span>}
    </div>
  );
}

/** More skipped items than this and the ribbon would push the clock off a small screen. */
const MAX_SKIPPED_SHOWN = 3;

function PlaylistStatus({ playlist, now }: { playlist: PlaylistView; now: number }) {
  const endsAt = useWall((s) => s.slideEndsAt);
  const remaining = useWall((s) => s.remainingMs);
  const pausedBy = useWall((s) => s.pausedBy);
  const pause = useWall((s) => s.pause);
  const resume = useWall((s) => s.resume);
  const left = Math.max(0, Math.ceil((endsAt !== undefined ? endsAt - now : (remaining ?? 0)) / 1000));
  const reserve = useMemo(() => ribbonReserve(playlist.slides), [playlist.slides]);
  return (
    <span className="ribbon__playlist" data-testid="playlist" data-slide={playlist.current.key} data-paused={pausedBy ? '1' : '0'}>
      <strong className="ribbon__title ribbon__slot" data-reserve={visibleText(reserve.title)}>
        <span>
          {playlist.index + 1}/{playlist.count} <SafeText text={playlist.current.title} />
        </span>
      </strong>
      {playlist.count > 1 && (
        <span className="muted ribbon__slot" data-testid="playlist-next" data-reserve={visibleText(reserve.next)}>
          <span>
            {pausedBy ? `paused${pausedBy === 'focus' ? ' while the keyboard is in use' : ''}` : `next in ${left} s`}: <SafeText text={playlist.next.title} />
          </span>
        </span>
      )}
      {playlist.count > 1 && (
        <button
          type="button"
          className="btn btn--small"
          data-playlist-control=""
          data-testid="playlist-pause"
          onClick={(event) => {
            if (pausedBy === 'button') resume(Date.now(), 'button');
            else pause('button', Date.now());
            // The button keeps no focus, so focus leaving it does not count as the keyboard leaving.
            event.currentTarget.blur();
          }}
        >
          {pausedBy === 'button' ? 'Resume' : 'Pause'}
        </button>
      )}
      {playlist.skipped.slice(0, MAX_SKIPPED_SHOWN).map((item) => (
        <span key={item.id} className="chip chip--warn" data-testid="playlist-skipped">
          <SafeText text={skippedText(item)} />
        </span>
      ))}
      {playlist.skipped.length > MAX_SKIPPED_SHOWN && (
        <span className="chip chip--warn" title={visibleText(playlist.skipped.slice(MAX_SKIPPED_SHOWN).map(skippedText).join('\n'))}>
          and {playlist.skipped.length - MAX_SKIPPED_SHOWN} more skipped
        </span>
      )}
    </span>
  );
}

// memo: the ribbon draws again each second for its clock; this changes only with alerting's health.
const AlertingState = memo(function AlertingState() {
  const time = useTimeFormat();
  const health = useStore((s) => s.alertingHealth);
  if (!health) return null;
  if (!health.blind) return <span className="chip chip--ok" data-testid="ribbon-alerting" data-state="live">alerts live</span>;
  return (
    <span className="chip chip--bad" data-testid="ribbon-alerting" data-state="blind" title={visibleText(health.reasons.join('\n'))}>
      ALERTING BLIND{health.since ? ` since ${time.instant(health.since)}` : ''}
    </span>
  );
});

/** The newest data anywhere on screen: once even that is older than two refreshes, the whole wall is STALE. */
function DataState({ now }: { now: number }) {
  const time = useTimeFormat();
  const link = useStore((s) => s.connection.status);
  const refresh = useStore((s) => s.liveRefreshSeconds());
  const newest = useStore(
    useShallow((s) => {
      let max = s.alertsFetchedAt ?? 0;
      for (const entry of Object.values(s.live)) if (entry.result && entry.result.fetchedAt > max) max = entry.result.fetchedAt;
      return max;
    }),
  );
  const fresh = newest && refresh > 0 ? freshness(newest, now, refresh) : undefined;
  const linkDown = link === 'reconnecting' || link === 'connecting' || link === 'offline';
  // A wall whose panels are not refreshed (refresh off, a fixed range) says so in words, rather than turning STALE.
  if (refresh <= 0 && !linkDown) return <span className="chip chip--warn" data-testid="ribbon-not-refreshing">panels not refreshing</span>;
  if (fresh?.stale) {
    return (
      <span className="chip chip--stale" data-testid="ribbon-stale" title={`Nothing new for ${formatAge(fresh.ageMs)}${linkDown ? '; reconnecting to the host' : ''}`}>
        STALE since {time.instant(newest)}
        {linkDown ? ' · reconnecting…' : ''}
      </span>
    );
  }
  if (linkDown) return <span className="chip chip--warn" data-testid="ribbon-link">reconnecting…</span>;
  return null;
}
