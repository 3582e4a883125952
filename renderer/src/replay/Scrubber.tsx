import { memo, useMemo, useRef } from 'react';
import type { TimelineKind } from '../../../shared/model/incident';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
import { useTimeFormat } from '../support/use-time-format';
import { REPLAY_SPEEDS, type ReplayClock } from './replay-slice';
import { scrubberCommand } from './scrubber-keys';
import { scrubberTicks, trackPercent } from './scrubber-ticks';
import { useReplayPlayer, useReplaySync } from './use-replay';

/** Timeline events worth a mark on the track; "notified" repeats what the firing mark says. */
const MARKED: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  'incident_opened',
  'alert_firing',
  'alert_resolved',
  'acknowledged',
  'unacknowledged',
  'escalated',
  'rollback_requested',
  'rollback_succeeded',
  'rollback_failed',
  'note',
  'incident_resolved',
]);

/** The replay bar of an opened incident file; nothing in a live session. */
export const ReplayBar = memo(function ReplayBar() {
  useReplaySync();
  useReplayPlayer();
  const clock = useStore((s) => s.replay);
  if (!clock) return null;
  return <Scrubber clock={clock} />;
});

/**
 * The incident window as a time axis: ticks, the timeline's events as marks (click one to
 * jump there), a handle to drag, play/pause and speed. Keys on the track: ←/→ a minute,
 * Shift 10 s, Home/End, Space, [ and ].
 */
export function Scrubber({ clock }: { clock: ReplayClock }) {
  const time = useTimeFormat();
  const timeline = useStore((s) => s.timeline);
  const setAt = useStore((s) => s.setReplayAt);
  const setPlaying = useStore((s) => s.setReplayPlaying);
  const setSpeed = useStore((s) => s.setReplaySpeed);
  const track = useRef<HTMLDivElement>(null);
  const { start, end, at } = clock;
  const span = end - start;
  const ticks = useMemo(() => scrubberTicks(start, end, 10), [start, end]);
  const marks = useMemo(() => timeline.filter((e) => MARKED.has(e.kind) && e.at >= start && e.at <= end), [timeline, start, end]);

  const seekToPointer = (clientX: number) => {
    const box = track.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return;
    setAt(start + ((clientX - box.left) / box.width) * span);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const command = scrubberCommand(event.key, event.shiftKey, clock);
    if (!command) return;
    event.preventDefault();
    event.stopPropagation();
    if (command.kind === 'seek') setAt(command.at);
    else if (command.kind === 'play') setPlaying(command.playing);
    else setSpeed(command.speed);
  };

  return (
    <div className="replay" data-testid="replay-bar" data-at={at} data-playing={clock.playing ? 'true' : 'false'} data-speed={clock.speed} onKeyDown={onKeyDown}>
      <button type="button" className="btn btn--small replay__play" onClick={() => setPlaying(!clock.playing)} aria-pressed={clock.playing} data-testid="replay-play" title="Play or pause the replay (Space)">
        {clock.playing ? 'Pause' : 'Play'}
      </button>
      <div className="replay__speeds" role="group" aria-label="Replay speed ([ slower, ] faster)">
        {REPLAY_SPEEDS.map((speed) => (
          <button key={speed} type="button" className={`btn btn--toggle btn--small${clock.speed === speed ? ' is-on' : ''}`} aria-pressed={clock.speed === speed} onClick={() => setSpeed(speed)} data-testid="replay-speed">
            {speed}×
          </button>
        ))}
      </div>
      <div className="replay__axis">
        <div
          ref={track}
          className="replay__track"
          role="slider"
          tabIndex={0}
          aria-label="Incident time"
          aria-valuemin={start}
          aria-valuemax={end}
          aria-valuenow={at}
          aria-valuetext={time.instant(at)}
          data-testid="replay-track"
          onPointerDown={(event) => {
            if (event.button !== 0 || (event.target as Element).closest('.replay__mark')) return;
            event.currentTarget.setPointerCapture(event.pointerId);
            event.currentTarget.focus();
            seekToPointer(event.clientX);
          }}
          onPointerMove={(event) => {
            if (event.currentTarget.hasPointerCapture(event.pointerId)) seekToPointer(event.clientX);
          }}
        >
          <div className="replay__past" style={{ width: `${trackPercent(at, start, end)}%` }} />
          {ticks.map((t) => (
            <span key={t} className="replay__tick" style={{ left: `${trackPercent(t, start, end)}%` }} data-testid="replay-tick">
              <span className="replay__tick-label">{time.axis(t, span)}</span>
            </span>
          ))}
          {marks.map((e) => (
            <button
              key={e.id}
              type="button"
              tabIndex={-1}
              className={`replay__mark replay__mark--${e.kind}${e.at > at ? ' is-future' : ''}`}
              style={{ left: `${trackPercent(e.at, start, end)}%` }}
              title={visibleText(`${time.instant(e.at)} — ${e.text}${e.actor ? ` (${e.actor})` : ''}`)}
              aria-label={visibleText(`Jump to ${time.instant(e.at)}: ${e.text}`)}
              data-testid="replay-mark"
              data-kind={e.kind}
              data-at={e.at}
              onClick={() => setAt(e.at)}
            />
          ))}
          <span className="replay__handle" style={{ left: `${trackPercent(at, start, end)}%` }} aria-hidden="true" />
        </div>
      </div>
      <time className="replay__now" dateTime={new Date(at).toISOString()} data-testid="replay-time">
        {time.instant(at)}
      </time>
    </div>
  );
}
