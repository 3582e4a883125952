import { describe, expect, it } from 'vitest';
import { stackColumns } from './downsample';
import { incidentMarks } from './incident-marks';
import { carryOver, isolate, toggle } from './visibility';

describe('legend visibility', () => {
  it('isolates a series on click, and shows all again on a second click', () => {
    const once = isolate([true, true, true], 1);
    expect(once).toEqual([false, true, false]);
    expect(isolate(once, 1)).toEqual([true, true, true]);
    expect(isolate(once, 2)).toEqual([false, false, true]);
  });

  it('toggles one series on shift-click, leaving the others', () => {
    expect(toggle([true, true, true], 0)).toEqual([false, true, true]);
    expect(toggle([false, true, true], 0)).toEqual([true, true, true]);
  });

  it('keeps choices by series name when the data refreshes, and shows new series', () => {
    expect(carryOver(new Map([['a', false], ['b', true]]), ['b', 'c', 'a'])).toEqual([true, true, false]);
  });
});

describe('stacking', () => {
  it('adds each shown series onto the ones before it, gaps adding nothing, hidden ones left out', () => {
    const columns = [[1, 2, null], [10, null, 30], [100, 200, 300]];
    expect(stackColumns(columns, [true, true, true])).toEqual([[1, 2, null], [11, null, 30], [111, 202, 330]]);
    expect(stackColumns(columns, [true, false, true])).toEqual([[1, 2, null], [10, null, 30], [101, 202, 300]]);
  });
});

describe('incident markers', () => {
  const incident = (id: string, openedAt: number, resolvedAt?: number) => ({ id, title: id, severity: 'critical' as const, status: resolvedAt ? ('resolved' as const) : ('open' as const), openedAt, ...(resolvedAt ? { resolvedAt } : {}), alerts: [] });

  it('marks openings and resolutions inside the chart range only, oldest first', () => {
    const marks = incidentMarks([incident('b', 500, 900), incident('a', 50, 300), incident('c', 2000)], 100, 1000);
    expect(marks.map((m) => [m.incidentId, m.kind, m.time])).toEqual([
      ['a', 'resolved', 300],
      ['b', 'opened', 500],
      ['b', 'resolved', 900],
    ]);
  });
});
