import { memo, useCallback, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { type Panel, panelOptions } from '../../../shared/model/dashboard';
import { type Exemplar, type QueryResult, valuesWithInfinities } from '../../../shared/model/series';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
import { useElementSize } from '../support/hooks';
import { ChartTooltip } from './ChartTooltip';
import { type ChartRow, drawableKey, toChartRows } from './downsample';
import { ExemplarDot } from './ExemplarDot';
import { exemplarLabel, pickExemplarDots } from './exemplar-dots';
import { formatClock, formatValue } from './format';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { formatLegend } from './legend';
import { seriesColor } from './palette';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { SeriesLegend } from './SeriesLegend';
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
      <div className="chart-box">
        {hasSeries && <Chart panel={panel} results={results} stale={stale} />}
        {message && <div className={hasSeries ? 'chart-overlay' : 'chart-message'}>{message}</div>}
      </div>
    </PanelFrame>
  );
}

interface ChartProps {
  panel: Panel;
  results: (QueryResult | undefined)[];
  stale: boolean;
}

const Chart = memo(function Chart({ panel, results, stale }: ChartProps) {
  const [ref, { width, height }] = useElementSize<HTMLDivElement>();
  const wall = useStore((s) => s.wall);
  const openTrace = useStore((s) => s.openTrace);
  const { unit, threshold, min, max } = useMemo(() => panelOptions(panel, 'timeseries'), [panel]);
  const lines = useMemo(
    () =>
      results.flatMap((result, t) =>
        // Legends are strings (recharts takes no elements): bidi controls become visible markers.
        // `values` with ±Inf put back where the series marks them, for the tooltip and legend to name.
        (result?.series ?? []).map((s) => ({ name: visibleText(formatLegend(panel.targets[t]?.legend, s.labels, s.name)), series: s, values: valuesWithInfinities(s) })),
      ),
    [results, panel.targets],
  );
  const plotWidth = Math.max(50, width - 60);
  const rows: ChartRow[] = useMemo(() => toChartRows(lines.map((l) => ({ times: l.series.times, values: l.values })), plotWidth / 2), [lines, plotWidth]);
  // A dot belongs to the line it explains: the series whose labels its own series carries too.
  const ownerOf = useCallback(
    (e: Exemplar) => Math.max(0, lines.findIndex((l) => Object.entries(l.series.labels).every(([k, v]) => !(k in e.seriesLabels) || e.seriesLabels[k] === v))),
    [lines],
  );
  const dots = useMemo(() => {
    const all = results.flatMap((r) => r?.exemplars ?? []);
    if (all.length === 0 || rows.length === 0) return [];
    return pickExemplarDots(all, rows[0]!.t, rows[rows.length - 1]!.t, plotWidth, ownerOf);
  }, [results, rows, plotWidth, ownerOf]);
  const fontSize = wall ? 16 : 11;
  return (
    <div className="chart" data-testid="timeseries-chart" data-series-count={lines.length}>
      <div className="chart__plot" ref={ref}>
      {width > 0 && height > 0 && (
      <LineChart width={width} height={height} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="2 4" vertical={false} />
        <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatClock(v).slice(0, 5)} stroke="var(--muted)" fontSize={fontSize} minTickGap={40} />
        <YAxis
          domain={[min ?? 'auto', max ?? 'auto']}
          allowDataOverflow={false}
          tickFormatter={(v: number) => formatValue(v, unit)}
          stroke="var(--muted)"
          fontSize={fontSize}
          width={wall ? 72 : 56}
        />
        {!stale && (
          // filterNull off: at a +Inf the line draws nothing, and the tooltip still has to say so.
          <Tooltip isAnimationActive={false} filterNull={false} content={(props) => <ChartTooltip active={props.active} payload={props.payload} names={lines.map((l) => l.name)} unit={unit} />} />
        )}
        {threshold && <ReferenceLine y={threshold.value} stroke="var(--danger)" strokeDasharray="6 4" ifOverflow="extendDomain" />}
        {lines.map((line, i) => (
          <Line key={i} dataKey={drawableKey(i)} name={line.name} stroke={seriesColor(i)} dot={false} isAnimationActive={false} strokeWidth={wall ? 3 : 1.5} connectNulls={false} />
        ))}
        {dots.map((e) => (
          <ReferenceDot
            key={`${e.time}-${e.traceId ?? e.value}`}
            x={e.time}
            y={e.value}
            ifOverflow="extendDomain"
            shape={(props: { cx?: number; cy?: number }) => (
              <ExemplarDot
                cx={props.cx}
                cy={props.cy}
                exemplar={e}
                label={exemplarLabel(e, formatValue(e.value, unit), formatClock(e.time))}
                color={seriesColor(ownerOf(e))}
                large={wall}
                onOpen={(traceId) => void openTrace(traceId)}
              />
            )}
          />
        ))}
      </LineChart>
      )}
      </div>
      <SeriesLegend lines={lines} unit={unit} />
    </div>
  );
});
