import type { z } from 'zod';
import type { Exemplar, Series } from '../../shared';
import { recordingRuleNamed } from '../../shared/rules/lockstep-rules';
import { metricNames } from './promql-names';
import { parseSampleValue, type ExemplarsDataSchema } from './prometheus-schemas';

/** At most this many reach a panel: a latency panel over 30 minutes can have thousands. */
export const MAX_EXEMPLARS = 400;
/** Label names that carry the trace id, by the conventions of OpenMetrics clients and Tempo/Grafana. */
const TRACE_LABELS = ['trace_id', 'traceID', 'traceId', 'trace-id'];

/**
 * The query to ask `/api/v1/query_exemplars` with, for a panel's expression; undefined when
 * it reads no histogram. Exemplars sit on the raw bucket series, never on recorded ones, so
 * a recorded name of ours (`service:http_server_request_duration_seconds:p95_rate1m`) is
 * replaced by the rule's own expression, whose selectors Prometheus then matches.
 */
export function exemplarQueryFor(expr: string): string | undefined {
  const names = metricNames(expr);
  if (names.some(isBucket)) return expr;
  const sources = names.flatMap((name) => {
    const rule = recordingRuleNamed(name);
    return rule && metricNames(rule.expr).some(isBucket) ? [rule.expr] : [];
  });
  return sources.length > 0 ? sources.join(' or ') : undefined;
}

function isBucket(name: string): boolean {
  return name.endsWith('_bucket');
}

/** The answer as exemplars, times in epoch ms; ones with a value that is not a number are dropped. */
export function decodeExemplars(data: z.output<typeof ExemplarsDataSchema>): Exemplar[] {
  const out: Exemplar[] = [];
  for (const group of data) {
    for (const e of group.exemplars ?? []) {
      const value = parseSampleValue(e.value);
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const labels = e.labels ?? {};
      const traceId = TRACE_LABELS.map((key) => labels[key]).find((id) => id !== undefined && id !== '');
      out.push({ seriesLabels: group.seriesLabels, time: Math.round(e.timestamp * 1000), value, ...(traceId ? { traceId } : {}) });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/**
 * The exemplars that belong to the drawn series: those whose series labels agree with one
 * of them on every label that series has and the exemplar's series carries too (a p95 per
 * service keeps `service`; its buckets add route and le). Then at most MAX_EXEMPLARS, shared
 * out between the drawn series and kept as the slowest of each time slot, since the slow
 * requests are the ones worth opening.
 */
export function exemplarsForSeries(exemplars: readonly Exemplar[], series: readonly Series[]): Exemplar[] {
  const bySeries = new Map<number, Exemplar[]>();
  for (const e of exemplars) {
    const owner = series.findIndex((s) => Object.entries(s.labels).every(([key, value]) => !(key in e.seriesLabels) || e.seriesLabels[key] === value));
    if (owner < 0) continue;
    const list = bySeries.get(owner) ?? [];
    list.push(e);
    bySeries.set(owner, list);
  }
  const share = Math.max(1, Math.floor(MAX_EXEMPLARS / Math.max(1, bySeries.size)));
  return [...bySeries.values()].flatMap((list) => thin(list, share)).sort((a, b) => a.time - b.time);
}

/** At most `limit` of one series' exemplars (oldest first): the slowest of each of `limit` time slots. */
function thin(exemplars: Exemplar[], limit: number): Exemplar[] {
  if (exemplars.length <= limit) return exemplars;
  const first = exemplars[0]!.time;
  const span = Math.max(1, exemplars[exemplars.length - 1]!.time - first + 1);
  const slots = new Map<number, Exemplar>();
  for (const e of exemplars) {
    const slot = Math.floor(((e.time - first) / span) * limit);
    const kept = slots.get(slot);
    if (!kept || e.value > kept.value) slots.set(slot, e);
  }
  return [...slots.values()];
}
