import type { ToplistOptions, ToplistUnit } from '../../../shared/dashboards/kinds/toplist';
import type { Series } from '../../../shared/model/series';
import { formatAge, formatValue } from './format';
import { formatLegend } from './legend';
import type { CellState } from './heatgrid-math';
import { latestSample } from './latest-sample';

export { ToplistOptionsSchema, type ToplistOptions } from '../../../shared/dashboards/kinds/toplist';

export interface ToplistRow {
  /** The series' label values in the order of `options.columns` ("" where a label is missing); its whole name without columns. */
  labels: string[];
  value: number;
  text: string;
  state: Exclude<CellState, 'nodata'>;
}

/** The table's label headers: the chosen columns, or one "series" column. */
export function toplistHeaders(options: Pick<ToplistOptions, 'columns'>): string[] {
  return options.columns.length > 0 ? options.columns : ['series'];
}

export interface Toplist {
  rows: ToplistRow[];
  /** Series of the newest evaluation left out past the limit. */
  more: number;
}

/** A value in a toplist's unit: durations as ages ("14 min"), the rest as panels format them. */
export function formatToplistValue(value: number, unit: ToplistUnit): string {
  return unit === 'duration' ? formatAge(value * 1000) : formatValue(value, unit);
}

function stateOf(value: number, options: Pick<ToplistOptions, 'warn' | 'bad' | 'order'>): ToplistRow['state'] {
  // Thresholds point the way the list is sorted: in a largest-first list big is bad.
  const past = (line: number | undefined) => line !== undefined && (options.order === 'desc' ? value >= line : value <= line);
  if (past(options.bad)) return 'bad';
  if (past(options.warn)) return 'warn';
  return 'ok';
}

/**
 * The rows of a `topk` range query's newest evaluation. Over a range, topk's set changes from
 * step to step and a series that dropped out keeps its older samples: only the series with a
 * sample at the newest time are today's top. Sorted worst first, bounded to `limit`.
 */
export function buildToplist(series: readonly Series[], options: ToplistOptions): Toplist {
  const latest = series.flatMap((s) => {
    const sample = latestSample(s);
    return sample ? [{ series: s, ...sample }] : [];
  });
  const newest = Math.max(-Infinity, ...latest.map((l) => l.time));
  const current = latest.filter((l) => l.time === newest && (options.minValue === undefined || l.value >= options.minValue));
  current.sort((a, b) => (options.order === 'desc' ? b.value - a.value : a.value - b.value));
  const rows = current.slice(0, options.limit).map((l) => ({
    // No label columns chosen (a table imported from Grafana): the series named by all its labels.
    labels: options.columns.length > 0 ? options.columns.map((name) => l.series.labels[name] ?? '') : [formatLegend(undefined, l.series.labels, l.series.name)],
    value: l.value,
    text: `${options.valuePrefix ? `${options.valuePrefix} ` : ''}${formatToplistValue(l.value, options.unit)}`,
    state: stateOf(l.value, options),
  }));
  return { rows, more: Math.max(0, current.length - options.limit) };
}
