import { memo, useCallback, useMemo, useState } from 'react';
import { type Panel, panelOptions } from '../../../shared/model/dashboard';
import { type Exemplar, type QueryResult, valuesWithInfinities } from '../../../shared/model/series';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
import { seriesColor } from '../support/palette';
import { pickExemplarDots } from './exemplar-dots';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { formatLegend } from './legend';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { type ChartLine, TimeseriesChart } from './TimeseriesChart';
import { usePanelData } from './use-panel-data';

/** A line per series of every target, downsampled to the panel's pixel width. */
export function TimeseriesPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const retryTarget = useStore((s) => s.retryTarget);
  const stale = useIsStale(data.oldestFetch);
  const results = useMemo(() => data.entries.map((e) => e?.result), [data.entries]);
  const hasSeries = results.some((r) => r && r.series.length > 0);
  // The source's own warnings, verbatim: why a query is empty ("No series named …"), or what it doubts.
  const warnings = useMemo(() => [...new Set(results.flatMap((r) => r?.warnings ?? []))], [results]);
  const retry = () => panel.targets.forEach((t) => void retryTarget(panel.id, t.refId));

  let message = null;
  if (data.error) message = <PanelMessage kind="error" text={data.error} onRetry={retry} />;
  else if (data.slowLoading && !hasSeries) message = <PanelMessage kind="loading" text="Loading…" />;
  else if (!data.waiting && !hasSeries) message = <PanelMessage kind="empty" text={warnings.length > 0 ? warnings.join(' ') : 'No data for this range.'} />;

  const warningBadge = hasSeries && warnings.length > 0 && (
    <span className="badge badge--warning" data-testid="panel-warnings" title={visibleText(warnings.join('\n'))} aria-label={visibleText(`The source warns: ${warnings.join(' ')}`)}>
      {warnings.length === 1 ? 'warning' : `${warnings.length} warnings`}
    </span>
  );

  return (
    <PanelFrame
      panel={panel}
      dimmed={stale}
      badges={
        <>
          {warningBadge}
          <FreshnessBadge fetchedAt={data.oldestFetch} />
        </>
      }
    >
      <div className="chart-box" data-drawn-to={drawnTo(results)}>
        {hasSeries && <Chart panel={panel} results={results} />}
        {message && <div className={hasSeries ? 'chart-overlay' : 'chart-message'}>{message}</div>}
      </div>
    </PanelFrame>
  );
}

/** One empty list for every chart without exemplars: a fresh [] each time re-rendered and redrew the chart when its width became known. */
const NO_DOTS: { exemplar: Exemplar; line: number }[] = [];

interface ChartProps {
  panel: Panel;
  results: (QueryResult | undefined)[];
}

/** Lines named and coloured: a service's line takes the service's colour (support/palette.ts), in every panel. */
export function toChartLines(series: readonly { name: string; series: { labels: Readonly<Record<string, string>> }; values: ChartLine['values'] }[]): ChartLine[] {
  return series.map((l, i) => ({ name: l.name, color: seriesColor(l.series.labels, i, l.name), values: l.values, column: i }));
}

/** The panel's results made ready for the canvas: lines named and coloured, data aligned and cut to the plot's width. */
const Chart = memo(function Chart({ panel, results }: ChartProps) {
  const wall = useStore((s) => s.wall);
  const openTrace = useStore((s) => s.openTrace);
  const incidents = useStore((s) => s.incidents);
  const deployments = useStore((s) => s.deployments);
  const options = useMemo(() => panelOptions(panel, 'timeseries'), [panel]);
  const [plotWidth, setPlotWidth] = useState(0);
  const series = useMemo(
    () =>
      results.flatMap((result, t) =>
        // `values` with ±Inf put back where the series marks them, for the tooltip and legend to name.
        (result?.series ?? []).map((s) => ({ name: visibleText(formatLegend(panel.targets[t]?.legend, s.labels, s.name)), series: s, values: valuesWithInfinities(s) })),
      ),
    [results, panel.targets],
  );
  const lines: ChartLine[] = useMemo(() => toChartLines(series), [series]);
  const columns = useMemo(() => series.map((l) => ({ times: l.series.times, values: l.values })), [series]);
  const [from, to] = useMemo(() => timeSpan(series.map((l) => l.series.times)), [series]);
  // A dot belongs to the line it explains: the series whose labels its own series carries too.
  const ownerOf = useCallback(
    (e: Exemplar) => Math.max(0, series.findIndex((l) => Object.entries(l.series.labels).every(([k, v]) => !(k in e.seriesLabels) || e.seriesLabels[k] === v))),
    [series],
  );
  const dots = useMemo(() => {
    const all = results.flatMap((r) => r?.exemplars ?? []);
    if (all.length === 0 || from > to) return NO_DOTS;
    return pickExemplarDots(all, from, to, Math.max(50, plotWidth), ownerOf).map((exemplar) => ({ exemplar, line: ownerOf(exemplar) }));
  }, [results, from, to, plotWidth, ownerOf]);
  const onOpenTrace = useCallback((traceId: string) => void openTrace(traceId), [openTrace]);
  return (
    <TimeseriesChart
      title={panel.title}
      lines={lines}
      columns={columns}
      options={options}
      dots={dots}
      incidents={incidents}
      deployments={deployments}
      wall={wall}
      onOpenTrace={onOpenTrace}
      onPlotWidth={setPlotWidth}
    />
  );
});

/** The newest sample time drawn, for tests and tools that read the page (empty with no data). */
function drawnTo(results: readonly (QueryResult | undefined)[]): number | undefined {
  const [, to] = timeSpan(results.flatMap((r) => (r?.series ?? []).map((s) => s.times)));
  return Number.isFinite(to) ? to : undefined;
}

/** The first and last timestamp over all series (times are ascending within each). */
function timeSpan(times: readonly (readonly number[])[]): [number, number] {
  let from = Infinity;
  let to = -Infinity;
  for (const t of times) {
    if (t.length === 0) continue;
    from = Math.min(from, t[0]!);
    to = Math.max(to, t[t.length - 1]!);
  }
  return [from, to];
}
