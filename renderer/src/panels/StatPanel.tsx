import { visibleText } from '../../../shared/text/visible-text';
import { SafeText } from '../support/SafeText';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { formatValue } from './format';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import type { Series } from '../../../shared/model/series';
import { finiteSamples, reduceSeries, sparklinePoints, type StatOptions, StatOptionsSchema, thresholdColor } from './stat-math';
import { usePanelData } from './use-panel-data';

/** At most this many numbers side by side; more would not be read from across a room. */
const MAX_STATS = 6;

/**
 * One big number per series (kind `stat`): readable from five metres on a wall, coloured by
 * the panel's thresholds, with a sparkline of the range behind it.
 */
export function StatPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const stale = useIsStale(data.oldestFetch);
  const options = StatOptionsSchema.parse(panel.options);
  const series = data.entries.flatMap((entry) => entry?.result?.series ?? []).slice(0, MAX_STATS);
  let body;
  if (data.error && series.length === 0) body = <PanelMessage kind="error" text={data.error} />;
  else if (data.waiting && data.slowLoading) body = <PanelMessage kind="loading" text="Loading…" />;
  else if (series.length === 0 && !data.waiting) body = <PanelMessage kind="empty" text="No data in this range." />;
  else body = <StatNumbers series={series} options={options} />;
  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      {body}
    </PanelFrame>
  );
}

/** The numbers themselves: one figure per series, its colour from the thresholds, its sparkline behind it. */
export function StatNumbers({ series, options }: { series: readonly Series[]; options: StatOptions }) {
  return (
    <div className="stats">
      {series.map((s, index) => {
        const samples = finiteSamples(s);
        const value = reduceSeries(samples, options.reduce);
        const color = thresholdColor(value, options);
        const label = Object.values(s.labels).join(' ') || s.name;
        return (
          <figure key={`${s.name}-${index}`} className={`stat stat--${color}`} data-testid="stat" data-color={color}>
            <svg className="stat__spark" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
              <polyline points={sparklinePoints(samples)} />
            </svg>
            <span className="stat__value" data-testid="stat-value">{formatValue(value, options.unit)}</span>
            {series.length > 1 && (
              <figcaption className="stat__label" title={visibleText(label)}>
                <SafeText text={label} />
              </figcaption>
            )}
          </figure>
        );
      })}
    </div>
  );
}
