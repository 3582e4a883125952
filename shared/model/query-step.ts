/**
 * How a panel's range query is resolved: the step, and a window aligned to it.
 *
 * As Grafana does it: about one point per pixel of the plot (the panel's width is its
 * "max data points"), rounded up to a step a person reads at a glance, never finer than
 * the scrape interval (a finer step only repeats samples), and never so fine that a
 * series passes 11,000 points, which Prometheus refuses ("exceeded maximum resolution of
 * 11,000 points per timeseries"). Start and end are whole multiples of the step, so the
 * points land on the same instants at every refresh and from every console: query
 * caches (Thanos, Mimir, the live hub's shared requests) only match aligned queries.
 */

/** Most points one series may have; Prometheus rejects more. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** The finest step panels ask for unless told otherwise: the demo fleet's and the local stack's scrape interval. */
export const DEFAULT_MIN_STEP_SECONDS = 5;

/** Largest step a query may carry (a day), as the API schema allows. */
export const MAX_STEP_SECONDS = 86_400;

/** Steps a person reads at a glance; a step between two of them is rounded up. */
const NICE_STEPS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

export interface StepRequest {
  rangeSeconds: number;
  /** Width of the plot in CSS pixels: the most points worth fetching. */
  widthPx: number;
  /** Pixels per point: 1 (Grafana's default) or more for a lighter query. */
  pixelsPerPoint?: number;
  /** The scrape interval, or a panel's minimum step. */
  minStepSeconds?: number;
}

/** The step, in whole seconds, for a range drawn `widthPx` wide. */
export function chooseStepSeconds({ rangeSeconds, widthPx, pixelsPerPoint = 1, minStepSeconds = DEFAULT_MIN_STEP_SECONDS }: StepRequest): number {
  const range = positive(rangeSeconds, 1);
  const points = Math.max(1, Math.floor(positive(widthPx, 1) / positive(pixelsPerPoint, 1)));
  // The minimum step is kept as given (a 7 s scrape interval stays 7 s); only the width-derived one is rounded.
  const step = Math.max(niceStep(range / points), positive(minStepSeconds, 1));
  return withinPointLimit(range, Math.min(step, MAX_STEP_SECONDS));
}

/**
 * `stepSeconds`, or the smallest nice step above it that keeps a `rangeSeconds` window
 * under MAX_POINTS_PER_SERIES points once aligned (alignment can add one point).
 */
export function withinPointLimit(rangeSeconds: number, stepSeconds: number): number {
  // Aligned, a window holds fewer than range / step + 2 points (see alignedWindow).
  const finest = positive(rangeSeconds, 0) / (MAX_POINTS_PER_SERIES - 1);
  return stepSeconds >= finest ? stepSeconds : niceStep(finest);
}

export interface AlignedWindow {
  /** Epoch ms, a multiple of the step. */
  start: number;
  /** Epoch ms, a multiple of the step. */
  end: number;
  stepSeconds: number;
}

/** The window ending at `nowMs` (or the last step boundary before it) and reaching `rangeSeconds` back, both ends on step boundaries. */
export function alignedWindow(nowMs: number, rangeSeconds: number, stepSeconds: number): AlignedWindow {
  const stepMs = stepSeconds * 1000;
  return {
    start: Math.floor((nowMs - rangeSeconds * 1000) / stepMs) * stepMs,
    end: Math.floor(nowMs / stepMs) * stepMs,
    stepSeconds,
  };
}

/** How many points a range query returns per series at most: one at start, then one per step up to end. */
export function pointsPerSeries(startMs: number, endMs: number, stepSeconds: number): number {
  if (!(endMs >= startMs)) return 0;
  return Math.floor((endMs - startMs) / (stepSeconds * 1000)) + 1;
}

function niceStep(seconds: number): number {
  for (const step of NICE_STEPS_SECONDS) if (step >= seconds) return step;
  return Math.min(MAX_STEP_SECONDS, Math.ceil(seconds / 86_400) * 86_400);
}

function positive(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
