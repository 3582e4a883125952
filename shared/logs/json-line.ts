import { isRecord } from './field-path';

/** A log line that is a JSON object, or undefined (most lines are not). */
export function parseJsonLine(message: string): Record<string, unknown> | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(message);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function stringField(json: Record<string, unknown> | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = json?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Keys a JSON line uses for what the model holds apart (message, level, time, ids). */
const SHOWN_APART = new Set(['msg', 'message', 'level', 'severity', 'ts', 'time', 'timestamp', 'traceId', 'trace_id', 'traceID', 'spanId', 'span_id', 'spanID']);

/** The scalar fields of a JSON line, as text, like LogQL's `| json` would extract them. */
export function jsonLineFields(json: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (SHOWN_APART.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
  }
  return fields;
}

const LOGFMT_ID = (names: string) => new RegExp(`(?:^|\\s)(?:${names})=("?)([0-9a-fA-F]{1,32})\\1(?=\\s|$)`);
const LOGFMT_TRACE = LOGFMT_ID('traceID|traceId|trace_id');
const LOGFMT_SPAN = LOGFMT_ID('spanID|spanId|span_id');

/** A `trace_id=…` / `span_id=…` pair in a logfmt line. */
export function logfmtIds(message: string): { traceId?: string; spanId?: string } {
  return { traceId: LOGFMT_TRACE.exec(message)?.[2], spanId: LOGFMT_SPAN.exec(message)?.[2] };
}
