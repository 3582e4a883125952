import type { TraceSummary } from '../../../../shared/model/trace-search';

export interface ScatterDot {
  traceId: string;
  x: number;
  y: number;
  r: number;
  error: boolean;
  summary: TraceSummary;
}

export interface ScatterGeometry {
  dots: ScatterDot[];
  /** Epoch ms at the left and right edge. */
  startMs: number;
  endMs: number;
  /** µs at the top edge (the bottom is 0). */
  maxUs: number;
}

export const SCATTER_PAD = { left: 64, right: 14, top: 10, bottom: 22 };

/**
 * Where each result sits in Jaeger's duration scatter: x its start, y its duration from 0,
 * the radius growing with the square root of its span count (area ∝ spans, capped so one
 * huge trace does not cover the rest). Dots are listed by start time, the order the keyboard
 * walks them.
 */
export function scatterGeometry(traces: readonly TraceSummary[], width: number, height: number): ScatterGeometry {
  const starts = traces.map((t) => t.start / 1000);
  let startMs = Math.min(...starts);
  let endMs = Math.max(...starts);
  if (!Number.isFinite(startMs)) startMs = endMs = 0;
  // One trace, or all at one instant: a minute either side, so the dot sits in the middle.
  if (endMs - startMs < 1) {
    startMs -= 60_000;
    endMs += 60_000;
  }
  const maxUs = Math.max(1, ...traces.map((t) => t.duration)) * 1.1;
  const plotW = Math.max(1, width - SCATTER_PAD.left - SCATTER_PAD.right);
  const plotH = Math.max(1, height - SCATTER_PAD.top - SCATTER_PAD.bottom);
  const dots = traces
    .map((t) => ({
      traceId: t.traceId,
      x: SCATTER_PAD.left + ((t.start / 1000 - startMs) / (endMs - startMs)) * plotW,
      y: SCATTER_PAD.top + plotH - (t.duration / maxUs) * plotH,
      r: Math.min(12, 3 + Math.sqrt(t.spanCount ?? 1) * 0.8),
      error: (t.errorCount ?? 0) > 0,
      summary: t,
    }))
    .sort((a, b) => a.x - b.x || a.traceId.localeCompare(b.traceId));
  return { dots, startMs, endMs, maxUs };
}
