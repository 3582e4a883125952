import { beforeEach, describe, expect, it } from 'vitest';
import { useWall } from './wall-store';

beforeEach(() => useWall.getState().configure({ wall: true, kiosk: false, contrast: false, playlist: { items: [{ dashboardId: 'war-room', seconds: 10 }] } }));

describe('the playlist clock', () => {
  it('keeps the time left while paused and gives it back on resume', () => {
    const wall = useWall.getState();
    wall.show(1, 10, 1000);
    expect(useWall.getState().slideEndsAt).toBe(11_000);
    wall.pause('focus', 4000);
    expect(useWall.getState()).toMatchObject({ pausedBy: 'focus', remainingMs: 7000, slideEndsAt: undefined });
    useWall.getState().resume(20_000, 'focus');
    expect(useWall.getState()).toMatchObject({ pausedBy: undefined, slideEndsAt: 27_000, remainingMs: undefined });
  });

  it('a Pause press outlasts focus leaving; only Resume ends it', () => {
    const wall = useWall.getState();
    wall.show(0, 10, 0);
    wall.pause('focus', 2000);
    useWall.getState().pause('button', 3000);
    useWall.getState().resume(5000, 'focus');
    expect(useWall.getState()).toMatchObject({ pausedBy: 'button', remainingMs: 8000 });
    useWall.getState().resume(9000, 'button');
    expect(useWall.getState()).toMatchObject({ pausedBy: undefined, slideEndsAt: 17_000 });
  });

  it('a slide shown while paused waits with its full seconds', () => {
    const wall = useWall.getState();
    wall.show(0, 10, 0);
    wall.pause('button', 1000);
    useWall.getState().show(2, 6, 1500);
    expect(useWall.getState()).toMatchObject({ slide: 2, remainingMs: 6000, slideEndsAt: undefined });
  });
});
