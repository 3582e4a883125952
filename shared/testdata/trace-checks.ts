import type { Span, Trace } from '../model/traces';
import { layoutTrace, rpcBreakdown } from '../trace/layout';

/**
 * Test support: record-by-record comparisons of a wire payload with the trace it normalised
 * to. Each returns the problems found (an empty list when every record is accounted for), so
 * a failing test names the record and the field.
 */

type Row = Span;
const baseId = (row: Row) => (row.reportedId ?? row.spanId).toLowerCase();
const moved = (row: Row) => (row.notes ?? []).some((n) => n.includes('clock skew') || n.startsWith('moved '));
const mergedParts = (row: Row) => {
  const note = (row.notes ?? []).find((n) => /^\d+ records were reported for this span/.test(n) || /^reported \d+ times under id/.test(n));
  return note ? Number(/\d+/.exec(note)![0]) : 1;
};

interface ZipkinRecord {
  id: string;
  name?: string;
  kind?: string;
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string; ipv4?: string; ipv6?: string; port?: number };
  tags?: Record<string, unknown>;
  annotations?: { timestamp: number; value: string }[];
}

/** Every Zipkin record is a row (or one of the parts a row says it merged), with its fields intact. */
export function zipkinRecordProblems(records: readonly ZipkinRecord[], trace: Trace): string[] {
  const problems: string[] = [];
  const parts = trace.spans.reduce((sum, row) => sum + mergedParts(row), 0);
  if (parts !== records.length) problems.push(`${records.length} records but the rows account for ${parts}`);
  records.forEach((r, k) => {
    const service = r.localEndpoint?.serviceName || 'unknown';
    const host = r.localEndpoint?.ipv4 ? `${r.localEndpoint.ipv4}${r.localEndpoint.port ? `:${r.localEndpoint.port}` : ''}` : undefined;
    const rows = trace.spans.filter(
      (row) => baseId(row) === r.id.toLowerCase() && row.service === service && (host === undefined || trace.resources[row.resource]?.host === host),
    );
    const row = rows.find((candidate) => !r.kind || candidate.kind === r.kind.toLowerCase()) ?? rows[0];
    const where = `record ${k} (${r.id} ${service}${host ? ` @${host}` : ''})`;
    if (!row) return void problems.push(`${where} has no row`);
    const merged = mergedParts(row) > 1;
    if (!merged && r.name && r.name !== 'unknown' && row.operation !== r.name) problems.push(`${where}: operation ${row.operation}`);
    for (const [key, value] of Object.entries(r.tags ?? {})) {
      if (row.attributes[key] !== String(value)) problems.push(`${where}: attribute ${key} is ${row.attributes[key]}`);
    }
    for (const a of r.annotations ?? []) {
      if (!row.events.some((e) => e.name === a.value)) problems.push(`${where}: annotation ${a.value} missing`);
    }
    if (r.timestamp !== undefined && !merged && !moved(row) && row.start !== r.timestamp) problems.push(`${where}: start ${row.start}, reported ${r.timestamp}`);
    if (r.duration && !merged && row.duration !== r.duration) problems.push(`${where}: duration ${row.duration}, reported ${r.duration}`);
    if (!r.duration && !merged && !row.unfinished) problems.push(`${where}: no duration reported but not marked unfinished`);
  });
  return [...problems, ...timeProblems(trace)];
}

interface JaegerSpanRecord {
  spanID: string;
  operationName?: string;
  startTime: number;
  duration?: number;
  tags?: { key: string; value: unknown }[];
  logs?: unknown[];
  processID?: string;
}

/** Every Jaeger span is a row (exact copies once, with a note), service from its process, tags and logs intact. */
export function jaegerSpanProblems(
  trace: { spans: readonly JaegerSpanRecord[]; processes?: Record<string, { serviceName?: string }> },
  normalised: Trace,
): string[] {
  const problems: string[] = [];
  const parts = normalised.spans.reduce((sum, row) => sum + mergedParts(row), 0);
  if (parts !== trace.spans.length) problems.push(`${trace.spans.length} spans but the rows account for ${parts}`);
  trace.spans.forEach((s, k) => {
    const service = trace.processes?.[s.processID ?? '']?.serviceName ?? 'unknown';
    const where = `span ${k} (${s.spanID} ${service} "${s.operationName}")`;
    const row = normalised.spans.find(
      (r) => baseId(r) === s.spanID.toLowerCase() && r.service === service && r.operation === (s.operationName || 'unknown') && (moved(r) || r.start === s.startTime),
    );
    if (!row) return void problems.push(`${where} has no row`);
    if (row.duration !== (s.duration ?? 0)) problems.push(`${where}: duration ${row.duration}`);
    for (const tag of s.tags ?? []) {
      if (['span.kind', 'otel.status_code', 'otel.status_description'].includes(tag.key)) continue;
      const text = typeof tag.value === 'string' ? tag.value : JSON.stringify(tag.value);
      if (row.attributes[tag.key] !== text) problems.push(`${where}: attribute ${tag.key} is ${row.attributes[tag.key]}, sent ${text}`);
    }
    if (row.events.length !== (s.logs ?? []).length) problems.push(`${where}: ${row.events.length} events for ${(s.logs ?? []).length} logs`);
  });
  return [...problems, ...timeProblems(normalised)];
}

/** No negative time anywhere: durations, offsets, and every RPC part (a negative one must be clamped and noted). */
export function timeProblems(trace: Trace): string[] {
  const problems: string[] = [];
  const layout = layoutTrace(trace);
  for (const row of layout.rows) {
    const span = layout.spans[row.spanIndex]!;
    if (row.offset < 0) problems.push(`${span.spanId}: offset ${row.offset}`);
    if (row.duration < 0) problems.push(`${span.spanId}: duration ${row.duration}`);
    if (span.unfinished && span.duration !== 0) problems.push(`${span.spanId}: unfinished but lasts ${span.duration}`);
    const rpc = span.rpc && rpcBreakdown(span.rpc);
    if (!rpc) continue;
    for (const part of ['networkOut', 'server', 'networkBack', 'clientTotal'] as const) {
      const value = rpc[part];
      if (value !== undefined && value < 0) problems.push(`${span.spanId}: ${part} ${value}`);
    }
    if (rpc.clamped && !(span.notes ?? []).some((n) => n.startsWith('clocks disagree beyond correction'))) {
      problems.push(`${span.spanId}: ${rpc.clamped.join(', ')} clamped without a note`);
    }
  }
  let end = Number.NEGATIVE_INFINITY;
  let start = Number.POSITIVE_INFINITY;
  for (const span of trace.spans) {
    start = Math.min(start, span.start);
    end = Math.max(end, span.unfinished ? span.start : span.start + span.duration);
  }
  if (trace.spans.length > 0 && layout.duration !== end - start) problems.push(`total ${layout.duration}, finished spans reach ${end - start}`);
  return problems;
}

/** Every OTLP span of a payload (any envelope, camelCase or snake_case) is a row, exact copies once with a note. */
export function otlpSpanProblems(payload: unknown, traces: readonly Trace[]): string[] {
  const problems: string[] = [];
  const sent: { spanId: string; name: string }[] = [];
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      if (key === 'spans') {
        for (const s of value as Record<string, unknown>[]) sent.push({ spanId: String(s.spanId ?? s.span_id), name: String(s.name ?? 'unknown') });
      } else {
        for (const item of value) walk(item, '');
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(payload, '');
  const rows = traces.flatMap((t) => t.spans);
  const parts = rows.reduce((sum, row) => sum + mergedParts(row), 0);
  if (parts !== sent.length) problems.push(`${sent.length} spans sent but the rows account for ${parts}`);
  for (const s of sent) {
    if (!rows.some((row) => row.operation === s.name)) problems.push(`span ${s.spanId} "${s.name}" has no row`);
  }
  for (const trace of traces) problems.push(...timeProblems(trace));
  return problems;
}
