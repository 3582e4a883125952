import { formatValue, type Unit } from './format';
import { seriesColor } from './palette';

export interface LegendLine {
  name: string;
  /** The series' values with ±Infinity put back (`valuesWithInfinities`). */
  values: readonly (number | null)[];
}

/** One row per line: its colour, its name, and its latest value, "+Inf"/"−Inf" included (the panel's stat). */
export function SeriesLegend({ lines, unit }: { lines: readonly LegendLine[]; unit: Unit }) {
  return (
    <ul className="legend">
      {lines.map((line, i) => (
        <li key={i}>
          <span className="legend__swatch" style={{ background: seriesColor(i) }} />
          {line.name}
          <span className="legend__value">{formatValue(lastValue(line.values), unit)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The latest sample that is not a gap. */
export function lastValue(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const value = values[i];
    if (value !== null && value !== undefined && !Number.isNaN(value)) return value;
  }
  return null;
}
