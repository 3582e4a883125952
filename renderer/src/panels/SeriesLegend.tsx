import { type KeyboardEvent, memo, type MouseEvent } from 'react';
import { visibleText } from '../../../shared/text/visible-text';
import { formatValue, type Unit } from './format';

export interface LegendLine {
  name: string;
  color: string;
  /** The series' values with ±Infinity put back (`valuesWithInfinities`). */
  values: readonly (number | null)[];
}

export interface SeriesLegendProps {
  lines: readonly LegendLine[];
  unit: Unit;
  shown: readonly boolean[];
  /** The entry that holds the chart's one Tab stop, or null when an exemplar dot holds it. */
  tabStop: number | null;
  onIsolate(index: number): void;
  onToggle(index: number): void;
  onFocusEntry(index: number): void;
}

/**
 * Every series, none cut: the list scrolls when it does not fit, and its count is said
 * above it. An entry is a pressed/unpressed button (drawn or hidden): click isolates,
 * shift-click toggles; from the keyboard Enter isolates and Space toggles (arrow keys move
 * between entries, handled by the chart, which is one Tab stop).
 */
export const SeriesLegend = memo(function SeriesLegend({ lines, unit, shown, tabStop, onIsolate, onToggle, onFocusEntry }: SeriesLegendProps) {
  const hidden = shown.filter((on) => !on).length;
  const onClick = (index: number) => (event: MouseEvent) => (event.shiftKey ? onToggle(index) : onIsolate(index));
  const onKeyDown = (index: number) => (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onIsolate(index);
    } else if (event.key === ' ') {
      event.preventDefault();
      onToggle(index);
    }
  };
  return (
    <div className="legend-box">
      <div className="legend__count" data-testid="legend-count">
        {lines.length === 1 ? '1 series' : `${lines.length} series`}
        {hidden > 0 && ` · ${hidden} hidden`}
      </div>
      <ul className="legend" data-testid="legend" aria-label={`Legend, ${lines.length} series: Enter isolates one, Space hides or shows it, arrow keys move`}>
        {lines.map((line, i) => (
          <li key={i}>
            <button
              type="button"
              className={`legend__entry${shown[i] ? '' : ' legend__entry--off'}`}
              data-testid="legend-entry"
              data-index={i}
              aria-pressed={shown[i] === true}
              tabIndex={tabStop === i ? 0 : -1}
              onClick={onClick(i)}
              onKeyDown={onKeyDown(i)}
              onFocus={() => onFocusEntry(i)}
            >
              <span className="legend__swatch" style={{ background: line.color }} />
              {visibleText(line.name)}
              <span className="legend__value">{formatValue(lastValue(line.values), unit)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
});

/** The latest sample that is not a gap. */
export function lastValue(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const value = values[i];
    if (value !== null && value !== undefined && !Number.isNaN(value)) return value;
  }
  return null;
}
