import type { Span } from '../../../../shared/model/traces';

/**
 * The notes normalising wrote when it moved a span for clock skew (shared/trace/clock-skew.ts
 * writes "clock skew: moved …" on the span it corrected and "moved … with the clock of …" on
 * the spans that moved with it).
 */
export function skewNotes(span: Span): string[] {
  return (span.notes ?? []).filter((note) => note.startsWith('clock skew:') || /^moved .+ with the clock of /.test(note));
}
