import { describe, expect, it } from 'vitest';
import { ribbonReserve } from './ribbon-reserve';

describe('ribbonReserve: the ribbon text at its widest', () => {
  it('holds every slide title, counted as the last slide and as the next one', () => {
    const reserve = ribbonReserve([
      { title: 'War room', seconds: 5 },
      { title: 'Lock fleet', seconds: 12 },
    ]);
    expect(reserve.title.split('\n')).toEqual(['2/2 War room', '2/2 Lock fleet']);
    // 12 s counts down from two digits: the reserve has two.
    expect(reserve.next.split('\n')).toEqual(['next in 00 s: War room', 'next in 00 s: Lock fleet']);
  });

  it('keeps the countdown at one digit when no slide lasts ten seconds', () => {
    expect(ribbonReserve([{ title: 'A', seconds: 9 }]).next).toBe('next in 0 s: A');
  });
});
