import type { Span, Trace } from '../model/traces';
import { correctClockSkew } from './clock-skew';
import { linkRpcTimes } from './rpc-link';
import { buildSpanTree } from './tree';
import type { Warnings } from './warnings';

/** The steps every normaliser ends with, whatever the wire format was. */
/** `parentIndex` when the normaliser already knows each span's parent, else resolved by id. */
export function finishTrace(traceId: string, spans: Span[], warnings: Warnings, parentIndex?: Int32Array): Trace {
  // Skew moves times, never parents, so one tree serves both steps.
  const tree = buildSpanTree(spans, parentIndex);
  correctClockSkew(spans, tree, warnings);
  linkRpcTimes(spans, tree.parent);
  return { traceId, spans, warnings: warnings.toArray() };
}

/** Tag values arrive as strings, numbers, booleans or structures; the model keeps strings. */
export function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function isTruthyTag(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true';
}
