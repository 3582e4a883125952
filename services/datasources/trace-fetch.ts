import type { Trace } from '../../shared';
import { TraceFormatError } from '../../shared/trace';
import { SourceError } from './types';

/** What every trace connector does alike: check the id, say "not found" the same way, and normalise. */

/** Trace ids are 1 to 32 hex digits (64- or 128-bit); anything else never reaches a URL. */
export function validTraceId(sourceId: string, traceId: string): string {
  const id = traceId.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) {
    throw new SourceError(sourceId, `"${traceId}" is not a trace id (1 to 32 hex digits)`, 'rejected');
  }
  return id;
}

export function traceNotFound(source: { id: string; name: string }, traceId: string): SourceError {
  return new SourceError(source.id, `${source.name} has no trace with id ${traceId} (it may have expired or not been sampled)`, 'not_found');
}

/**
 * Runs a shared/trace normaliser and picks the trace asked for: a store may answer with
 * several (64-bit and 128-bit ids that share their low half); the exact id wins, then one
 * whose id ends with it, then the first.
 */
export function normalizedTrace(source: { id: string; name: string }, host: string, traceId: string, normalize: () => Trace[]): Trace {
  let traces: Trace[];
  try {
    traces = normalize();
  } catch (error) {
    if (error instanceof TraceFormatError) throw new SourceError(source.id, `${host} sent a trace Lockstep cannot read: ${error.message}`);
    throw error;
  }
  const padded = traceId.padStart(32, '0');
  const match =
    traces.find((t) => t.traceId === traceId || t.traceId.padStart(32, '0') === padded) ??
    traces.find((t) => t.traceId.endsWith(traceId) || traceId.endsWith(t.traceId)) ??
    traces[0];
  if (!match) throw traceNotFound(source, traceId);
  return match;
}
