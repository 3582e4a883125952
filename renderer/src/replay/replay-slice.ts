import type { SliceCreator } from '../store/app-state';

/** Replay speeds offered: 1× is real time, 60× plays a minute of the incident per second. */
export const REPLAY_SPEEDS = [1, 5, 15, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayClock {
  /** The incident file's window (epoch ms): `at` stays inside it. */
  start: number;
  end: number;
  /** The instant every view shows. */
  at: number;
  playing: boolean;
  speed: ReplaySpeed;
}

export interface ReplaySlice {
  /** The replay clock of an opened incident file; null in a live session. */
  replay: ReplayClock | null;
  /** Starts replaying a window, at its end (the incident as exported) and paused. */
  startReplay(window: { start: number; end: number }): void;
  stopReplay(): void;
  setReplayAt(at: number): void;
  setReplayPlaying(playing: boolean): void;
  setReplaySpeed(speed: ReplaySpeed): void;
  /** Moves `at` by `elapsedMs` of real time at the current speed; stops at the window's end. */
  advanceReplay(elapsedMs: number): void;
}

export const clampTo = (at: number, clock: Pick<ReplayClock, 'start' | 'end'>): number => Math.min(clock.end, Math.max(clock.start, Math.round(at)));

/** The next speed up or down the list, staying at its ends. */
export function nextSpeed(speed: ReplaySpeed, direction: 1 | -1): ReplaySpeed {
  const index = REPLAY_SPEEDS.indexOf(speed);
  return REPLAY_SPEEDS[Math.min(REPLAY_SPEEDS.length - 1, Math.max(0, index + direction))]!;
}

export const createReplaySlice: SliceCreator<ReplaySlice> = (set, get) => ({
  replay: null,
  startReplay(window) {
    const start = Math.min(window.start, window.end);
    const end = Math.max(window.start, window.end);
    set({ replay: { start, end, at: end, playing: false, speed: 60 } });
  },
  stopReplay() {
    if (get().replay) set({ replay: null });
  },
  setReplayAt(at) {
    const clock = get().replay;
    if (!clock || !Number.isFinite(at)) return;
    const next = clampTo(at, clock);
    if (next !== clock.at) set({ replay: { ...clock, at: next } });
  },
  setReplayPlaying(playing) {
    const clock = get().replay;
    if (!clock || clock.playing === playing) return;
    // Play at the end starts again from the beginning, as a video player does.
    const at = playing && clock.at >= clock.end ? clock.start : clock.at;
    set({ replay: { ...clock, playing, at } });
  },
  setReplaySpeed(speed) {
    const clock = get().replay;
    if (clock && clock.speed !== speed) set({ replay: { ...clock, speed } });
  },
  advanceReplay(elapsedMs) {
    const clock = get().replay;
    if (!clock || !clock.playing || !(elapsedMs > 0)) return;
    const at = clampTo(clock.at + elapsedMs * clock.speed, clock);
    set({ replay: { ...clock, at, playing: at < clock.end } });
  },
});
