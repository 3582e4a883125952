import type { Trace } from '../../../../shared/model/traces';
import type { TraceLayout } from '../../../../shared/trace/layout-types';

/** The normalised trace as JSON (the model of shared/model/traces.ts), for copying and saving. */
export function traceJson(layout: TraceLayout): string {
  const trace: Trace = { traceId: layout.traceId, spans: [...layout.spans], resources: [...(layout.resources ?? [])], warnings: [...layout.warnings] };
  return JSON.stringify(trace, null, 2);
}

/** A file name that says which trace it is and is safe on every OS. */
export function traceFileName(traceId: string): string {
  return `trace-${traceId.replace(/[^0-9a-zA-Z]/g, '').slice(0, 32) || 'unknown'}.json`;
}
