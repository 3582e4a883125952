import { afterEach, describe, expect, it } from 'vitest';
import { createBundleClient } from '../api/bundle-client';
import { incidentFileWindow } from '../api/bundle-client';
import { resetStore, useStore } from '../store/store';
import { sampleBundle } from '../test/fixtures';
import { scrubberCommand } from './scrubber-keys';
import { scrubberTicks } from './scrubber-ticks';

const T0 = Date.UTC(2025, 0, 14, 9, 0);
const MIN = 60_000;
const clock = { start: T0, end: T0 + 60 * MIN, at: T0 + 30 * MIN, playing: false, speed: 15 as const };

afterEach(() => resetStore());

describe('scrubber keys', () => {
  it('step a minute, 10 s with Shift, stay inside the window, and jump to its ends', () => {
    expect(scrubberCommand('ArrowRight', false, clock)).toEqual({ kind: 'seek', at: T0 + 31 * MIN });
    expect(scrubberCommand('ArrowLeft', false, clock)).toEqual({ kind: 'seek', at: T0 + 29 * MIN });
    expect(scrubberCommand('ArrowRight', true, clock)).toEqual({ kind: 'seek', at: T0 + 30 * MIN + 10_000 });
    expect(scrubberCommand('ArrowLeft', true, clock)).toEqual({ kind: 'seek', at: T0 + 30 * MIN - 10_000 });
    expect(scrubberCommand('ArrowLeft', false, { ...clock, at: T0 + 30_000 })).toEqual({ kind: 'seek', at: T0 });
    expect(scrubberCommand('ArrowRight', false, { ...clock, at: T0 + 59.5 * MIN })).toEqual({ kind: 'seek', at: T0 + 60 * MIN });
    expect(scrubberCommand('Home', false, clock)).toEqual({ kind: 'seek', at: T0 });
    expect(scrubberCommand('End', false, clock)).toEqual({ kind: 'seek', at: T0 + 60 * MIN });
  });

  it('Space toggles play, [ and ] step the speed and stop at 1× and 60×, other keys pass', () => {
    expect(scrubberCommand(' ', false, clock)).toEqual({ kind: 'play', playing: true });
    expect(scrubberCommand(' ', false, { ...clock, playing: true })).toEqual({ kind: 'play', playing: false });
    expect(scrubberCommand('[', false, clock)).toEqual({ kind: 'speed', speed: 5 });
    expect(scrubberCommand(']', false, clock)).toEqual({ kind: 'speed', speed: 30 });
    expect(scrubberCommand('[', false, { ...clock, speed: 1 })).toEqual({ kind: 'speed', speed: 1 });
    expect(scrubberCommand(']', false, { ...clock, speed: 60 })).toEqual({ kind: 'speed', speed: 60 });
    expect(scrubberCommand('j', false, clock)).toBeUndefined();
  });
});

describe('replay clock', () => {
  it('starts at the end of the window, paused, and keeps `at` inside it', () => {
    const s = () => useStore.getState();
    s().startReplay({ start: T0, end: T0 + 60 * MIN });
    expect(s().replay).toEqual({ start: T0, end: T0 + 60 * MIN, at: T0 + 60 * MIN, playing: false, speed: 60 });
    s().setReplayAt(T0 - 5 * MIN);
    expect(s().replay!.at).toBe(T0);
    s().setReplayAt(Number.NaN);
    expect(s().replay!.at).toBe(T0);
  });

  it('plays a minute of the incident per second at 60×, 5 s per second at 5×, and stops at the end', () => {
    const s = () => useStore.getState();
    s().startReplay({ start: T0, end: T0 + 60 * MIN });
    s().setReplayAt(T0 + 10 * MIN);
    s().advanceReplay(1000);
    expect(s().replay!.at).toBe(T0 + 10 * MIN); // paused: nothing moves
    s().setReplayPlaying(true);
    s().advanceReplay(1000);
    expect(s().replay!.at).toBe(T0 + 11 * MIN);
    s().setReplaySpeed(5);
    s().advanceReplay(1000);
    expect(s().replay!.at).toBe(T0 + 11 * MIN + 5000);
    s().setReplaySpeed(60);
    s().advanceReplay(3600_000);
    expect(s().replay).toMatchObject({ at: T0 + 60 * MIN, playing: false });
    // Play at the end starts from the beginning.
    s().setReplayPlaying(true);
    expect(s().replay).toMatchObject({ at: T0, playing: true });
  });

  it('is told the window by the bundle client only', () => {
    const bundle = sampleBundle();
    expect(incidentFileWindow(createBundleClient(bundle, 'inc.lockstep.json'))).toEqual(bundle.window);
    expect(incidentFileWindow(null)).toBeUndefined();
  });
});

describe('scrubber ticks', () => {
  it('fall on round minutes, at most the number asked for', () => {
    expect(scrubberTicks(T0 + 30_000, T0 + 60 * MIN, 10)).toEqual([10, 20, 30, 40, 50, 60].map((m) => T0 + m * MIN));
    expect(scrubberTicks(T0, T0 + 5 * MIN, 10)).toEqual([0, 1, 2, 3, 4, 5].map((m) => T0 + m * MIN));
    expect(scrubberTicks(T0, T0, 10)).toEqual([]);
  });
});
