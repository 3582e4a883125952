import { describe, expect, it } from 'vitest';
import { diffFrames, toFullFrame } from '../shared/model/live-frame';
import { seriesFromColumns } from '../shared/model/series';
import { QueryResultPacer } from './query-result-pacer';

const frame = (seq: number) =>
  toFullFrame({ series: [seriesFromColumns('up', {}, [seq * 1000, seq * 1000 + 1000], [seq, seq + 1])], fetchedAt: seq, warnings: [] }, seq * 1000, 1000, 2, seq)!;
const SOFT = 100;

describe('QueryResultPacer', () => {
  it('passes results through while the socket keeps up', () => {
    const pacer = new QueryResultPacer(SOFT);
    const first = { queryId: 'a', frame: frame(1), at: 1 };
    const second = { queryId: 'a', frame: diffFrames(frame(1), frame(2)), at: 2 };
    expect(pacer.offer(first, 0)).toBe(first);
    expect(pacer.offer(second, SOFT)).toBe(second);
    expect(pacer.behind).toBe(false);
  });

  it('behind, holds the latest per query and sends it as one full frame once drained, one at a time', () => {
    const pacer = new QueryResultPacer(SOFT);
    pacer.offer({ queryId: 'a', frame: frame(1), at: 1 }, 0);
    expect(pacer.offer({ queryId: 'a', frame: diffFrames(frame(1), frame(2)), at: 2 }, SOFT + 1)).toBeUndefined();
    expect(pacer.offer({ queryId: 'a', frame: diffFrames(frame(2), frame(3)), at: 3 }, 0)).toBeUndefined();
    expect(pacer.offer({ queryId: 'b', error: 'Prometheus is unreachable', at: 3 }, 0)).toBeUndefined();
    expect(pacer.behind).toBe(true);
    expect(pacer.skipped).toBe(1);
    expect(pacer.next(SOFT + 1)).toBeUndefined();
    expect(pacer.next(0)).toEqual({ queryId: 'a', frame: frame(3), at: 3 });
    expect(pacer.behind).toBe(true);
    expect(pacer.next(0)).toEqual({ queryId: 'b', error: 'Prometheus is unreachable', at: 3 });
    expect(pacer.behind).toBe(false);
    expect(pacer.next(0)).toBeUndefined();
    // Caught up: the next delta builds on the full frame sent, and goes straight through.
    const fourth = { queryId: 'a', frame: diffFrames(frame(3), frame(4)), at: 4 };
    expect(pacer.offer(fourth, 0)).toBe(fourth);
  });
});
