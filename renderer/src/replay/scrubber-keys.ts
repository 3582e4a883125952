import { nextSpeed, type ReplayClock, type ReplaySpeed } from './replay-slice';

export type ScrubberCommand =
  | { kind: 'seek'; at: number }
  | { kind: 'play'; playing: boolean }
  | { kind: 'speed'; speed: ReplaySpeed };

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;

/**
 * What a key pressed on the scrubber does: ←/→ one minute, with Shift 10 s; Home/End the
 * window's ends; Space play/pause; [ and ] slower/faster. Undefined for any other key, so
 * it reaches the console's own shortcuts (keyboard/shortcuts.ts).
 */
export function scrubberCommand(key: string, shift: boolean, clock: Pick<ReplayClock, 'at' | 'start' | 'end' | 'playing' | 'speed'>): ScrubberCommand | undefined {
  const step = shift ? TEN_SECONDS : MINUTE;
  switch (key) {
    case 'ArrowLeft':
      return { kind: 'seek', at: Math.max(clock.start, clock.at - step) };
    case 'ArrowRight':
      return { kind: 'seek', at: Math.min(clock.end, clock.at + step) };
    case 'Home':
      return { kind: 'seek', at: clock.start };
    case 'End':
      return { kind: 'seek', at: clock.end };
    case ' ':
    case 'Spacebar':
      return { kind: 'play', playing: !clock.playing };
    case '[':
      return { kind: 'speed', speed: nextSpeed(clock.speed, -1) };
    case ']':
      return { kind: 'speed', speed: nextSpeed(clock.speed, 1) };
    default:
      return undefined;
  }
}
