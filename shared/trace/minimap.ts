import type { TraceLayout } from './layout-types';

/** One filled stretch of the minimap: a band of rows over a run of pixel columns. */
export interface MinimapRun {
  band: number;
  x: number;
  width: number;
  /** Index into layout.services of the band's longest span: the colour the run takes. */
  service: number;
  error: boolean;
}

export interface MinimapPicture {
  bands: number;
  bandHeight: number;
  runs: MinimapRun[];
}

/**
 * The whole trace drawn small: rows are grouped into at most `height` bands, columns into
 * `width` pixel buckets, and each band becomes the runs of columns any of its spans cover.
 * Coverage is a difference array per band, so the cost is O(spans + width × bands) whatever the
 * spans' lengths — 100,000 spans on a 1,000 × 60 canvas is two linear passes.
 */
export function minimapPicture(layout: TraceLayout, width: number, height: number): MinimapPicture {
  const { rows, spans, duration } = layout;
  const w = Math.max(1, Math.floor(width));
  const n = rows.length;
  const bands = Math.max(1, Math.min(n, Math.floor(height)));
  if (n === 0) return { bands, bandHeight: height, runs: [] };
  const total = duration > 0 ? duration : 1;
  const serviceIndex = new Map(layout.services.map((s, i) => [s, i]));
  const diff = new Int32Array(bands * (w + 1));
  const longest = new Float64Array(bands).fill(-1);
  const longestSpan = new Int32Array(bands);
  const error = new Uint8Array(bands);
  for (let r = 0; r < n; r += 1) {
    const row = rows[r]!;
    const band = Math.floor((r * bands) / n);
    const x0 = Math.min(w - 1, Math.max(0, Math.floor((row.offset / total) * w)));
    const x1 = Math.min(w - 1, Math.max(x0, Math.ceil(((row.offset + row.duration) / total) * w) - 1));
    const base = band * (w + 1);
    diff[base + x0] = diff[base + x0]! + 1;
    diff[base + x1 + 1] = diff[base + x1 + 1]! - 1;
    if (row.duration > longest[band]!) {
      longest[band] = row.duration;
      longestSpan[band] = row.spanIndex;
    }
    if (spans[row.spanIndex]!.status.code === 'error') error[band] = 1;
  }
  const runs: MinimapRun[] = [];
  for (let band = 0; band < bands; band += 1) {
    const base = band * (w + 1);
    const service = serviceIndex.get(spans[longestSpan[band]!]!.service) ?? 0;
    let level = 0;
    let runStart = -1;
    for (let x = 0; x <= w; x += 1) {
      level += x < w ? diff[base + x]! : 0;
      const on = x < w && level > 0;
      if (on && runStart < 0) runStart = x;
      else if (!on && runStart >= 0) {
        runs.push({ band, x: runStart, width: x - runStart, service, error: error[band] === 1 });
        runStart = -1;
      }
    }
  }
  return { bands, bandHeight: height / bands, runs };
}
