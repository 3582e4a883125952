import { describe, expect, it } from 'vitest';
import type { Exemplar } from '../../../shared/model/series';
import { exemplarLabel, pickExemplarDots } from './exemplar-dots';

const ex = (time: number, value: number, service: string, traceId?: string): Exemplar => ({
  seriesLabels: { service, route: '/x' },
  time,
  value,
  ...(traceId ? { traceId } : {}),
});

describe('pickExemplarDots', () => {
  it('keeps the slowest of each column for each line, inside the drawn range, oldest first', () => {
    const owner = (e: Exemplar) => (e.seriesLabels.service === 'a' ? 0 : 1);
    const picked = pickExemplarDots(
      [ex(0, 1, 'a'), ex(1, 3, 'a'), ex(2, 2, 'b'), ex(500, 9, 'a'), ex(999, 4, 'b'), ex(1001, 99, 'a'), ex(-1, 99, 'a')],
      0,
      1000,
      // 4 columns for each of the 2 lines (48 px / 6 px / 2).
      48,
      owner,
    );
    expect(picked.map((e) => [e.time, e.value, e.seriesLabels.service])).toEqual([
      [1, 3, 'a'],
      [2, 2, 'b'],
      [500, 9, 'a'],
      [999, 4, 'b'],
    ]);
  });

  it('draws at most one dot per 6 px for a single line', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ex(i, i % 7, 'a'));
    expect(pickExemplarDots(many, 0, 999, 600)).toHaveLength(100);
  });
});

describe('exemplarLabel', () => {
  it('says what the request was and how to open it', () => {
    expect(exemplarLabel(ex(0, 1.5, 'lock-service', 'abc123'), '1.50 s', '23:12:45')).toBe('1.50 s at 23:12:45 · lock-service /x · trace abc123 — press Enter to open it');
    expect(exemplarLabel(ex(0, 1.5, 'lock-service'), '1.50 s', '23:12:45')).toBe('1.50 s at 23:12:45 · lock-service /x (no trace id)');
  });
});
