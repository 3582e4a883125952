import { visibleText } from '../../../shared/text/visible-text';
import { colorForIndex, colorForName } from '../support/palette';
import { SafeText } from '../support/SafeText';
import { type Bars, type BarsOptions, BarsOptionsSchema, histogramBars, mixBars } from './bars-math';
import { formatCount, formatValue } from './format';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { usePanelData } from './use-panel-data';

/**
 * A distribution or a mix as horizontal bars (kind `bars`): battery levels by bucket, or the
 * firmware versions by share, each with its percent and count.
 */
export function BarsPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const stale = useIsStale(data.oldestFetch);
  const options = BarsOptionsSchema.parse(panel.options);
  const series = data.entries.flatMap((entry) => entry?.result?.series ?? []);
  const bars = options.mode === 'histogram' ? histogramBars(series, options) : mixBars(series, options);
  let body;
  if (data.error && series.length === 0) body = <PanelMessage kind="error" text={data.error} />;
  else if (data.waiting && data.slowLoading) body = <PanelMessage kind="loading" text="Loading…" />;
  else if (bars.bars.length === 0 && !data.waiting) body = <PanelMessage kind="empty" text={options.mode === 'histogram' ? 'No histogram buckets (series with an le label) in this range.' : `No series with a ${options.label} label in this range.`} />;
  else body = <BarList bars={bars} options={options} />;
  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      {body}
    </PanelFrame>
  );
}

export function BarList({ bars, options }: { bars: Bars; options: BarsOptions }) {
  const largest = Math.max(0, ...bars.bars.map((b) => b.share));
  const noun = options.noun ? ` ${options.noun}` : '';
  return (
    <ul className="bars" data-testid="bars" aria-label={`${formatCount(bars.total)}${noun} in total`}>
      {bars.bars.map((bar, i) => {
        const color = bar.bad ? 'var(--danger)' : bar.other ? 'var(--muted)' : options.mode === 'mix' ? colorForName(bar.key) : colorForIndex(i);
        const percent = formatValue(bar.share, 'percent');
        return (
          <li key={bar.key} className="bars__item" data-testid="bar" data-key={bar.key} data-count={bar.count}>
            <span className="bars__label" title={visibleText(bar.label)}>
              <SafeText text={bar.label} />
            </span>
            <span className="bars__track" aria-hidden="true">
              <span className="bars__fill" style={{ width: `${largest > 0 ? (bar.share / largest) * 100 : 0}%`, background: color }} />
            </span>
            <span className="bars__figure">
              {percent} · {formatCount(bar.count)}
              {noun}
              {bar.bad && <span className="sr-only"> (low)</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
