import type { TraceLayout } from './layout-types';
import { treeOf } from './derived-tree';
import { selfTime } from './service-stats';

/** One line of the trace's statistics tab: a service, or a service's operation. */
export interface StatsRow {
  service: string;
  /** Absent on a per-service line. */
  operation?: string;
  count: number;
  errors: number;
  /** Sum of span durations, microseconds. */
  total: number;
  /** Time not covered by the spans' children, microseconds (service-stats.ts). */
  self: number;
}

/** Per service/operation counts, total and self time and errors, in service then operation order. */
export function operationStats(layout: TraceLayout): StatsRow[] {
  const { spans } = layout;
  const { childStart, children } = treeOf(layout);
  const byKey = new Map<string, StatsRow>();
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!;
    const key = `${span.service}\u0000${span.operation}`;
    let row = byKey.get(key);
    if (!row) {
      row = { service: span.service, operation: span.operation, count: 0, errors: 0, total: 0, self: 0 };
      byKey.set(key, row);
    }
    row.count += 1;
    if (span.status.code === 'error') row.errors += 1;
    row.total += span.duration;
    row.self += selfTime(spans, i, childStart, children);
  }
  return [...byKey.values()].sort((a, b) => a.service.localeCompare(b.service) || (a.operation ?? '').localeCompare(b.operation ?? ''));
}

/** The per-service lines, summed from the per-operation ones. */
export function serviceTotals(rows: readonly StatsRow[]): StatsRow[] {
  const byService = new Map<string, StatsRow>();
  for (const row of rows) {
    const entry = byService.get(row.service) ?? { service: row.service, count: 0, errors: 0, total: 0, self: 0 };
    entry.count += row.count;
    entry.errors += row.errors;
    entry.total += row.total;
    entry.self += row.self;
    byService.set(row.service, entry);
  }
  return [...byService.values()];
}

export type StatsKey = 'name' | 'count' | 'total' | 'self' | 'errors';

/** Sorted copy; names compare as text, numbers descending first; ties keep name order. */
export function sortStats(rows: readonly StatsRow[], key: StatsKey, descending: boolean): StatsRow[] {
  const name = (r: StatsRow) => `${r.service}\u0000${r.operation ?? ''}`;
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const d = key === 'name' ? name(a).localeCompare(name(b)) : a[key] - b[key];
    return d !== 0 ? sign * d : name(a).localeCompare(name(b));
  });
}
