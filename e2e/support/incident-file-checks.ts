/**
 * Checks that an exported incident file is complete, for e2e/web/incident-story.spec.ts:
 * its panel data equals what Prometheus itself answers for the same query, and every trace
 * its log lines name is in it (or the cap it hit accounts for the ones left out).
 */
import { z } from 'zod';
import { type IncidentBundle, panelDataKey } from '../../shared/api/bundle';
import { takesMetricTargets } from '../../shared/dashboards/panel-kinds';
import { interpolate, type VariableState } from '../../shared/dashboards/variables';
import { sampleAt } from '../../shared/model/series';

/** A Prometheus `query_range` answer (https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries). */
const MatrixAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
  }),
});

export interface PanelTargetQuery {
  key: string;
  panelId: string;
  expr: string;
  start: number;
  end: number;
  stepSeconds: number;
}

/** Each metric target of the file's main dashboard as the file records it: expression (variables as chosen), window and step. */
export function panelQueriesOf(bundle: IncidentBundle): PanelTargetQuery[] {
  const variables = bundle.dashboard.variables ?? [];
  const states: Record<string, VariableState> = {};
  for (const variable of variables) {
    const selected = bundle.variables?.[variable.name];
    if (selected && selected.length > 0) states[variable.name] = { selected, options: variable.options };
  }
  const rangeSeconds = (bundle.window.end - bundle.window.start) / 1000;
  return bundle.dashboard.panels
    .filter((panel) => takesMetricTargets(panel.kind))
    .flatMap((panel) =>
      panel.targets.flatMap((target) => {
        const key = panelDataKey(panel.id, target.refId);
        const stepSeconds = bundle.panelSteps?.[key];
        if (stepSeconds === undefined) throw new Error(`the incident file records no step for panel target ${key}`);
        return [{ key, panelId: panel.id, expr: interpolate(target.expr, variables, states, { stepSeconds, rangeSeconds }), start: bundle.window.start, end: bundle.window.end, stepSeconds }];
      }),
    );
}

/** One series' identity across the two answers: its labels in a fixed order (the file keeps the metric name apart from them). */
function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).filter(([name]) => name !== '__name__').sort(([a], [b]) => a.localeCompare(b)));
}

/** Prometheus' own text for a sample, read as Go's strconv.ParseFloat reads it. */
function promValue(text: string): number | null {
  if (text === 'NaN') return null;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

export interface PanelComparison {
  key: string;
  series: number;
  points: number;
  /** Each difference in words; empty when the file matches Prometheus point for point. */
  differences: string[];
}

/**
 * Asks Prometheus directly (POST /api/v1/query_range) for each target with the file's
 * expression, window and step, and compares every series and point with the file.
 * Samples Prometheus could not have had when the file was made (after `exportedAt`) are
 * not compared: a later scrape may fill the last step.
 */
export async function compareWithPrometheus(bundle: IncidentBundle, prometheusUrl: string): Promise<PanelComparison[]> {
  const out: PanelComparison[] = [];
  for (const query of panelQueriesOf(bundle)) {
    const form = new URLSearchParams({ query: query.expr, start: (query.start / 1000).toFixed(3), end: (query.end / 1000).toFixed(3), step: String(query.stepSeconds) });
    const response = await fetch(`${prometheusUrl}/api/v1/query_range`, { method: 'POST', body: form, signal: AbortSignal.timeout(15_000) });
    const answer = MatrixAnswerSchema.parse(await response.json());
    const fromFile = bundle.panelData[query.key];
    const differences: string[] = [];
    if (!fromFile) {
      out.push({ key: query.key, series: 0, points: 0, differences: [`${query.key}: not in the file`] });
      continue;
    }
    const fileSeries = new Map(fromFile.series.map((s) => [seriesKey(s.labels), s]));
    let points = 0;
    for (const result of answer.data.result) {
      const key = seriesKey(result.metric);
      const series = fileSeries.get(key);
      fileSeries.delete(key);
      if (!series) {
        differences.push(`${query.key}: series ${key} is in Prometheus but not in the file`);
        continue;
      }
      const expected = result.values.filter(([t]) => t * 1000 <= bundle.exportedAt);
      const fileTimes = series.times.filter((t) => t <= bundle.exportedAt);
      if (fileTimes.length !== expected.length) differences.push(`${query.key} ${key}: ${fileTimes.length} points in the file, ${expected.length} in Prometheus`);
      expected.forEach(([t, text], i) => {
        const time = series.times[i];
        const value = sampleAt(series, i);
        const want = promValue(text);
        if (time !== Math.round(t * 1000)) differences.push(`${query.key} ${key} point ${i}: time ${time} in the file, ${t * 1000} in Prometheus`);
        else if (!Object.is(value, want)) differences.push(`${query.key} ${key} at ${time}: ${value} in the file, ${text} in Prometheus`);
        points += 1;
      });
    }
    for (const key of fileSeries.keys()) differences.push(`${query.key}: series ${key} is in the file but not in Prometheus`);
    out.push({ key: query.key, series: answer.data.result.length, points, differences });
  }
  return out;
}

/** Non-gap samples the file holds for each panel of its main dashboard, all targets together: what each chart is given. */
export function pointCountsByPanel(bundle: IncidentBundle): Map<string, number> {
  const counts = new Map<string, number>();
  for (const query of panelQueriesOf(bundle)) {
    const data = bundle.panelData[query.key];
    const n = (data?.series ?? []).reduce((sum, s) => sum + s.values.filter((v) => v !== null).length, 0);
    counts.set(query.panelId, (counts.get(query.panelId) ?? 0) + n);
  }
  return counts;
}

export interface LogTraceCoverage {
  /** Distinct trace ids the file's log lines carry, in the order of their first line. */
  referenced: string[];
  /** Of those, the ones whose trace is not in the file. */
  missing: string[];
}

export function logTraceCoverage(bundle: IncidentBundle): LogTraceCoverage {
  const inFile = new Set(bundle.traces.map((t) => t.traceId.toLowerCase()));
  const referenced = [...new Set([...bundle.logs].sort((a, b) => a.time - b.time).flatMap((l) => (l.traceId ? [l.traceId.toLowerCase()] : [])))];
  return { referenced, missing: referenced.filter((id) => !inFile.has(id)) };
}

/** The first, the last and `between` more spread evenly over `items`, each once. */
export function spreadSample<T>(items: readonly T[], between: number): T[] {
  if (items.length === 0) return [];
  const indexes = new Set([0, items.length - 1]);
  for (let i = 1; i <= between; i++) indexes.add(Math.round((i * (items.length - 1)) / (between + 1)));
  return [...indexes].sort((a, b) => a - b).map((i) => items[i]!);
}
