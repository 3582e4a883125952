import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { type Panel, panelOptions } from '../../../shared/model/dashboard';
import type { QueryResult } from '../../../shared/model/series';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
import { useElementSize } from '../support/hooks';
import { type ChartRow, seriesKey, toChartRows } from './downsample';
import { formatClock, formatValue } from './format';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { formatLegend } from './legend';
import { seriesColor } from './palette';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { usePanelData } from './use-panel-data';

/** A line per series of every target, downsampled to the panel's pixel width. */
export function TimeseriesPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const retryTarget = useStore((s) => s.retryTarget);
  const stale = useIsStale(data.oldestFetch);
  const results = useMemo(() => data.entries.map((e) => e?.result), [data.entries]);
  const hasSeries = results.some((r) => r && r.series.length > 0);
  const retry = () => panel.targets.forEach((t) => void retryTarget(panel.id, t.refId));

  let message = null;
  if (data.error) message = <PanelMessage kind="error" text={data.error} onRetry={retry} />;
  else if (data.slowLoading && !hasSeries) message = <PanelMessage kind="loading" text="Loading…" />;
  else if (!data.waiting && !hasSeries) message = <PanelMessage kind="empty" text="No data for this range." />;

  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
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
  const { unit, threshold, min, max } = useMemo(() => panelOptions(panel, 'timeseries'), [panel]);
  const lines = useMemo(
    () =>
      results.flatMap((result, t) =>
        // Legends are strings (recharts takes no elements): bidi controls become visible markers.
        (result?.series ?? []).map((s) => ({ name: visibleText(formatLegend(panel.targets[t]?.legend, s.labels, s.name)), series: s })),
      ),
    [results, panel.targets],
  );
  const plotWidth = Math.max(50, width - 60);
  const rows: ChartRow[] = useMemo(() => toChartRows(lines.map((l) => l.series), plotWidth / 2), [lines, plotWidth]);
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
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => formatClock(Number(v))}
            formatter={(v) => formatValue(typeof v === 'number' ? v : null, unit)}
            contentStyle={{ background: 'var(--surface-2)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
        )}
        {threshold && <ReferenceLine y={threshold.value} stroke="var(--danger)" strokeDasharray="6 4" ifOverflow="extendDomain" />}
        {lines.map((line, i) => (
          <Line key={i} dataKey={seriesKey(i)} name={line.name} stroke={seriesColor(i)} dot={false} isAnimationActive={false} strokeWidth={wall ? 3 : 1.5} connectNulls={false} />
        ))}
      </LineChart>
      )}
      </div>
      <ul className="legend">
        {lines.map((line, i) => (
          <li key={i}>
            <span className="legend__swatch" style={{ background: seriesColor(i) }} />
            {line.name}
            <span className="legend__value">{formatValue(lastValue(line.series.values), unit)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});

function lastValue(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] !== null && values[i] !== undefined) return values[i]!;
  return null;
}
