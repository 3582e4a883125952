import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/model/logs';
import { LogRing } from './log-ring';

const l = (n: number, message = `m${n}`): LogLine => ({ time: n, nanos: String(n * 1_000_000), level: 'info', message, labels: {} });

describe('the live log ring', () => {
  it('keeps the newest lines up to its capacity, drops the oldest and counts them', () => {
    const ring = new LogRing(3);
    expect(ring.push([l(1), l(2)])).toBe(2);
    expect(ring.push([l(3), l(4), l(5)])).toBe(3);
    expect(ring.toArray().map((x) => x.message)).toEqual(['m5', 'm4', 'm3']);
    expect({ size: ring.size, total: ring.total, dropped: ring.dropped, oldestSeq: ring.oldestSeq }).toEqual({ size: 3, total: 5, dropped: 2, oldestSeq: 2 });
    expect(ring.bySeq(1)).toBeUndefined();
    expect(ring.bySeq(2)?.message).toBe('m3');
    expect(ring.at(0)?.message).toBe('m5');
    expect(ring.at(3)).toBeUndefined();
  });

  it('leaves out lines it holds (a reconnect resends some), and takes a dropped line back as new', () => {
    const ring = new LogRing(3);
    ring.push([l(1), l(2), l(3)]);
    const version = ring.version;
    expect(ring.push([l(2), l(3)])).toBe(0);
    expect(ring.version).toBe(version);
    expect(ring.push([l(3), l(4)])).toBe(1);
    // m1 left the ring, so its key was forgotten with it.
    expect(ring.push([l(1)])).toBe(1);
    expect(ring.toArray().map((x) => x.message)).toEqual(['m1', 'm4', 'm3']);
  });

  it('starts from a refresh’s answer (newest first) in the same order', () => {
    const ring = LogRing.fromNewestFirst([l(3), l(2), l(1)], 10);
    expect(ring.toArray().map((x) => x.time)).toEqual([3, 2, 1]);
    const seen: number[] = [];
    ring.each((line, seq) => seen.push(line.time * 10 + seq));
    expect(seen).toEqual([10, 21, 32]);
  });

  it('holds 100,000 lines by default and stays at that while 250,000 pass through', () => {
    const ring = new LogRing();
    for (let batch = 0; batch < 250; batch++) ring.push(Array.from({ length: 1000 }, (_, i) => l(batch * 1000 + i)));
    expect({ size: ring.size, dropped: ring.dropped, newest: ring.at(0)?.time, oldest: ring.at(99_999)?.time }).toEqual({ size: 100_000, dropped: 150_000, newest: 249_999, oldest: 150_000 });
  });
});
