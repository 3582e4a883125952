import type { Trace } from '../model/traces';

/** One service, or one service/operation, of two traces side by side. Durations µs. */
export interface CompareRow {
  service: string;
  /** Absent on a per-service row. */
  operation?: string;
  countA: number;
  countB: number;
  totalA: number;
  totalB: number;
  /** 0 where that trace has none. */
  meanA: number;
  meanB: number;
  countDelta: number;
  totalDelta: number;
  meanDelta: number;
  /** added: only in B; removed: only in A. */
  change: 'added' | 'removed' | 'changed' | 'same';
}

export interface TraceComparison {
  traceA: string;
  traceB: string;
  durationA: number;
  durationB: number;
  services: CompareRow[];
  operations: CompareRow[];
}

interface Tally {
  count: number;
  total: number;
}

/**
 * Two traces compared the way one asks "what is different about the slow one": per service
 * and per service/operation, how many spans and how much span time each has, with the
 * differences B − A. Rows are sorted by the biggest absolute change in total time, then in
 * count, so the answer is at the top. Unfinished spans count but add no time (their end was
 * never reported).
 */
export function compareTraces(a: Trace, b: Trace): TraceComparison {
  const tallyA = tally(a);
  const tallyB = tally(b);
  return {
    traceA: a.traceId,
    traceB: b.traceId,
    durationA: traceDuration(a),
    durationB: traceDuration(b),
    services: rows(tallyA.services, tallyB.services, false),
    operations: rows(tallyA.operations, tallyB.operations, true),
  };
}

const KEY_SEPARATOR = '\u0000';

function tally(trace: Trace): { services: Map<string, Tally>; operations: Map<string, Tally> } {
  const services = new Map<string, Tally>();
  const operations = new Map<string, Tally>();
  const add = (map: Map<string, Tally>, key: string, time: number) => {
    const t = map.get(key) ?? { count: 0, total: 0 };
    t.count += 1;
    t.total += time;
    map.set(key, t);
  };
  for (const span of trace.spans) {
    const time = span.unfinished ? 0 : Math.max(0, span.duration);
    add(services, span.service, time);
    add(operations, `${span.service}${KEY_SEPARATOR}${span.operation}`, time);
  }
  return { services, operations };
}

function rows(a: Map<string, Tally>, b: Map<string, Tally>, withOperation: boolean): CompareRow[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const list: CompareRow[] = [];
  for (const key of keys) {
    const ta = a.get(key) ?? { count: 0, total: 0 };
    const tb = b.get(key) ?? { count: 0, total: 0 };
    const [service, operation] = withOperation ? (key.split(KEY_SEPARATOR) as [string, string]) : [key, undefined];
    const meanA = ta.count > 0 ? ta.total / ta.count : 0;
    const meanB = tb.count > 0 ? tb.total / tb.count : 0;
    const change = ta.count === 0 ? 'added' : tb.count === 0 ? 'removed' : ta.count === tb.count && ta.total === tb.total ? 'same' : 'changed';
    list.push({
      service,
      ...(operation === undefined ? {} : { operation }),
      countA: ta.count,
      countB: tb.count,
      totalA: ta.total,
      totalB: tb.total,
      meanA,
      meanB,
      countDelta: tb.count - ta.count,
      totalDelta: tb.total - ta.total,
      meanDelta: meanB - meanA,
      change,
    });
  }
  return list.sort(
    (x, y) =>
      Math.abs(y.totalDelta) - Math.abs(x.totalDelta) ||
      Math.abs(y.countDelta) - Math.abs(x.countDelta) ||
      x.service.localeCompare(y.service) ||
      (x.operation ?? '').localeCompare(y.operation ?? ''),
  );
}

function traceDuration(trace: Trace): number {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of trace.spans) {
    start = Math.min(start, span.start);
    if (!span.unfinished) end = Math.max(end, span.start + span.duration);
  }
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? end - start : 0;
}
