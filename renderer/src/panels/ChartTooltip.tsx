import { visibleText } from '../../../shared/text/visible-text';
import { formatValue, type Unit } from './format';
import { useTimeFormat } from '../support/use-time-format';

export interface TooltipEntry {
  name: string;
  color: string;
  /** The sample as the source sent it: ±Infinity kept, null for a gap. */
  value: number | null;
}

/** More lines than this and the tooltip would cover the chart it explains. */
const MAX_LINES = 10;

/**
 * The values of the drawn series at the pointer, highest first, read from the samples
 * rather than from what the lines drew: a line draws nothing at +Inf or −Inf, yet the
 * tooltip must say "+Inf" there. Series with no sample at that instant are left out.
 */
export function ChartTooltip({ time: at, entries, unit }: { time: number; entries: readonly TooltipEntry[]; unit: Unit }) {
  const time = useTimeFormat();
  const present = entries.filter((e) => e.value !== null && !Number.isNaN(e.value)).sort((a, b) => b.value! - a.value!);
  if (present.length === 0) return null;
  const more = present.length - MAX_LINES;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip__time">{time.instant(at)}</div>
      <ul>
        {present.slice(0, MAX_LINES).map((entry, i) => (
          <li key={i} style={{ color: entry.color }}>
            {visibleText(entry.name)}: <span className="chart-tooltip__value">{formatValue(entry.value, unit)}</span>
          </li>
        ))}
      </ul>
      {more > 0 && <div className="muted">and {more} more</div>}
    </div>
  );
}
