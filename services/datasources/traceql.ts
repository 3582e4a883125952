import type { TraceQuery } from '../../shared';
import { goDuration } from './trace-search';

/**
 * A search as one TraceQL spanset filter, so it means on Tempo what it means on Zipkin and
 * Jaeger: one span of the service (and operation) carrying every tag and lasting within the
 * bounds. An unscoped `.name` matches a span or a resource attribute; a tag with no value asks
 * that the attribute exist; `error` is TraceQL's own `status = error`.
 */
export function traceqlOf(query: Pick<TraceQuery, 'service' | 'operation' | 'tags' | 'minDurationUs' | 'maxDurationUs'>, kind?: string): string {
  const conditions: string[] = [];
  if (query.service) conditions.push(`resource.service.name = ${quote(query.service)}`);
  if (query.operation) conditions.push(`name = ${quote(query.operation)}`);
  if (kind) conditions.push(`kind = ${kind}`);
  for (const [key, value] of Object.entries(query.tags)) {
    if (key === 'error' && (value === '' || value === 'true')) conditions.push('status = error');
    else conditions.push(value === '' ? `${attribute(key)} != nil` : `${attribute(key)} = ${quote(value)}`);
  }
  if (query.minDurationUs !== undefined) conditions.push(`duration >= ${goDuration(query.minDurationUs)}`);
  if (query.maxDurationUs !== undefined) conditions.push(`duration <= ${goDuration(query.maxDurationUs)}`);
  return conditions.length > 0 ? `{ ${conditions.join(' && ')} }` : '{}';
}

/** TraceQL string literal: double quotes, backslash escapes. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** An attribute reference: scoped as written (`span.x`, `resource.x`), unscoped otherwise; odd names quoted. */
function attribute(key: string): string {
  const scoped = /^(span|resource)\.(.+)$/.exec(key);
  const scope = scoped ? scoped[1] : '';
  const name = scoped ? scoped[2]! : key.replace(/^\./, '');
  return PLAIN.test(name) ? `${scope}.${name}` : `${scope}.${quote(name)}`;
}

/** The same search as Tempo's older tag search takes it: logfmt pairs, values quoted where needed. */
export function logfmtTags(query: Pick<TraceQuery, 'service' | 'operation' | 'tags'>): string {
  const pairs: [string, string][] = [];
  if (query.service) pairs.push(['service.name', query.service]);
  if (query.operation) pairs.push(['name', query.operation]);
  for (const [key, value] of Object.entries(query.tags)) pairs.push([key, value]);
  return pairs.map(([key, value]) => `${key}=${/^[^\s"=]+$/.test(value) ? value : quote(value)}`).join(' ');
}
