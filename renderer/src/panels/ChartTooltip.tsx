import { type ChartRow, seriesKey } from './downsample';
import { formatClock, formatValue, type Unit } from './format';
import { seriesColor } from './palette';

export interface ChartTooltipProps {
  /** Set by the chart while the pointer is over it. */
  active?: boolean;
  /** The chart's entries at the pointer; each carries the row it came from. */
  payload?: readonly { payload?: unknown }[];
  /** Legend names, in series order. */
  names: readonly string[];
  unit: Unit;
}

/**
 * The values of every series at the pointer, read from the row itself rather than from
 * what the lines drew: a line draws nothing at +Inf or −Inf, yet the tooltip must say
 * "+Inf" there. Series with no sample at that instant are left out.
 */
export function ChartTooltip({ active, payload, names, unit }: ChartTooltipProps) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  const entries = names.flatMap((name, i) => {
    const value = row[seriesKey(i)];
    return value === null || value === undefined ? [] : [{ name, value, color: seriesColor(i) }];
  });
  if (entries.length === 0) return null;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip" style={{ background: 'var(--surface-2)', border: '1px solid var(--border)', color: 'var(--text)', padding: '6px 8px' }}>
      <div className="chart-tooltip__time">{formatClock(row.t)}</div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {entries.map((entry, i) => (
          <li key={i} style={{ color: entry.color }}>
            {entry.name}: <span className="chart-tooltip__value">{formatValue(entry.value, unit)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
