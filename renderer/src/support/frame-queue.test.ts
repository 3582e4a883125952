import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inLaterFrame } from './frame-queue';

describe('inLaterFrame: work spread over animation frames', () => {
  let frames: FrameRequestCallback[] = [];
  let clock = 0;
  beforeEach(() => {
    frames = [];
    clock = 0;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
  const nextFrame = () => {
    const run = frames.splice(0);
    for (const callback of run) callback(clock);
  };

  it('runs nothing at once, then the jobs in order within a frame while they fit its budget', () => {
    const ran: string[] = [];
    inLaterFrame(() => ran.push('a'));
    inLaterFrame(() => ran.push('b'));
    expect(ran).toEqual([]);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(ran).toEqual(['a', 'b']);
    expect(frames).toHaveLength(0);
  });

  it('leaves what does not fit to the next frame, one job a frame at least', () => {
    const ran: string[] = [];
    // Each job takes 10 ms: after the first 10 ms have gone, under the 12 ms budget, so the second runs; after it 20.
    for (const name of ['a', 'b', 'c']) {
      inLaterFrame(() => {
        ran.push(name);
        clock += 10;
      });
    }
    nextFrame();
    expect(ran).toEqual(['a', 'b']);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(frames).toHaveLength(0);
  });

  it('drops a job taken back before it ran', () => {
    const ran: string[] = [];
    const cancel = inLaterFrame(() => ran.push('gone'));
    inLaterFrame(() => ran.push('kept'));
    cancel();
    nextFrame();
    expect(ran).toEqual(['kept']);
  });
});
