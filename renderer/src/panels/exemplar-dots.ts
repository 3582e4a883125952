import type { Exemplar } from '../../../shared/model/series';

/** One drawn dot per this many pixels of plot width at most: more hide each other and slow the chart. */
const PIXELS_PER_DOT = 6;

/**
 * The exemplars worth a dot: inside the drawn time range and, for each drawn series
 * (`ownerOf`: the index of the line an exemplar explains), at most one per few pixels of
 * width — the slowest of each column, since a slow request is the one to open. Oldest first.
 */
export function pickExemplarDots(
  exemplars: readonly Exemplar[],
  from: number,
  to: number,
  plotWidth: number,
  ownerOf: (e: Exemplar) => number = () => 0,
): Exemplar[] {
  const inRange = exemplars.filter((e) => e.time >= from && e.time <= to && Number.isFinite(e.value));
  const owners = new Set(inRange.map(ownerOf)).size;
  // The width is shared among the lines that have exemplars, so a busy chart stays readable.
  const columns = Math.max(4, Math.floor(plotWidth / PIXELS_PER_DOT / Math.max(1, owners)));
  const span = Math.max(1, to - from);
  const kept = new Map<string, Exemplar>();
  for (const e of inRange) {
    const column = Math.min(columns - 1, Math.floor(((e.time - from) / span) * columns));
    const key = `${ownerOf(e)}:${column}`;
    const previous = kept.get(key);
    if (!previous || e.value > previous.value) kept.set(key, e);
  }
  return [...kept.values()].sort((a, b) => a.time - b.time);
}

/** What a dot says to a screen reader and in its tooltip. */
export function exemplarLabel(e: Exemplar, value: string, clock: string): string {
  const where = [e.seriesLabels.service, e.seriesLabels.route].filter(Boolean).join(' ');
  const head = `${value} at ${clock}${where ? ` · ${where}` : ''}`;
  return e.traceId ? `${head} · trace ${e.traceId} — press Enter to open it` : `${head} (no trace id)`;
}
