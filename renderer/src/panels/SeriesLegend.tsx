import { type KeyboardEvent, memo, type MouseEvent, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { visibleText } from '../../../shared/text/visible-text';
import { formatValue, type Unit } from './format';
import { legendGrid } from './legend-window';

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

/** From this many series the legend is a grid of equal cells of which only the rows in view are rendered (legend-window.ts). */
export const WINDOWED_FROM = 100;
/** A cell of the windowed legend, in ems of its font: wide enough for "service-name 12.3 ms", longer names end in "…" with the full name as a tooltip. */
const CELL_WIDTH_EM = 13;
const CELL_HEIGHT_EM = 1.4;

/**
 * Every series, none cut: the list scrolls when it does not fit, and its count is said
 * above it. An entry is a pressed/unpressed button (drawn or hidden): click isolates,
 * shift-click toggles; from the keyboard Enter isolates and Space toggles (arrow keys move
 * between entries, handled by the chart, which is one Tab stop).
 */
export const SeriesLegend = memo(function SeriesLegend({ lines, unit, shown, tabStop, onIsolate, onToggle, onFocusEntry }: SeriesLegendProps) {
  const hidden = shown.filter((on) => !on).length;
  const entry = (i: number, cell?: { row: number; column: number }) => {
    const line = lines[i]!;
    const name = visibleText(line.name);
    return (
      <li key={i} style={cell ? { gridRow: cell.row + 1, gridColumn: cell.column + 1 } : undefined}>
        <button
          type="button"
          className={`legend__entry${shown[i] ? '' : ' legend__entry--off'}`}
          data-testid="legend-entry"
          data-index={i}
          aria-pressed={shown[i] === true}
          tabIndex={tabStop === i ? 0 : -1}
          title={cell ? name : undefined}
          onClick={(event: MouseEvent) => (event.shiftKey ? onToggle(i) : onIsolate(i))}
          onKeyDown={(event: KeyboardEvent) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              onIsolate(i);
            } else if (event.key === ' ') {
              event.preventDefault();
              onToggle(i);
            }
          }}
          onFocus={() => onFocusEntry(i)}
        >
          <span className="legend__swatch" style={{ background: line.color }} />
          {cell ? <span className="legend__name">{name}</span> : name}
          <span className="legend__value">{formatValue(lastValue(line.values), unit)}</span>
        </button>
      </li>
    );
  };
  return (
    <div className="legend-box">
      <div className="legend__count" data-testid="legend-count">
        {lines.length === 1 ? '1 series' : `${lines.length} series`}
        {hidden > 0 && ` · ${hidden} hidden`}
      </div>
      {lines.length >= WINDOWED_FROM ? (
        <WindowedList count={lines.length} tabStop={tabStop} entry={entry} />
      ) : (
        <ul className="legend" data-testid="legend" aria-label={legendLabel(lines.length)}>
          {lines.map((_, i) => entry(i))}
        </ul>
      )}
    </div>
  );
});

function legendLabel(count: number): string {
  return `Legend, ${count} series: Enter isolates one, Space hides or shows it, arrow keys move`;
}

interface WindowedListProps {
  count: number;
  tabStop: number | null;
  entry(index: number, cell: { row: number; column: number }): ReactNode;
}

/** The long legend: a scrolling grid whose rows out of view are not rendered; the Tab-stop entry always is. */
function WindowedList({ count, tabStop, entry }: WindowedListProps) {
  const ref = useRef<HTMLUListElement | null>(null);
  const [box, setBox] = useState({ width: 0, height: 0, scrollTop: 0, fontPx: 11 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const fontPx = Number.parseFloat(getComputedStyle(el).fontSize) || 11;
      setBox((prev) =>
        prev.width === el.clientWidth && prev.height === el.clientHeight && prev.fontPx === fontPx ? prev : { ...prev, width: el.clientWidth, height: el.clientHeight, fontPx },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const cell = { width: box.fontPx * CELL_WIDTH_EM, height: Math.round(box.fontPx * CELL_HEIGHT_EM) };
  const grid = legendGrid(count, box, cell, tabStop);
  return (
    <ul
      ref={ref}
      className="legend legend--windowed"
      data-testid="legend"
      aria-label={legendLabel(count)}
      style={{ gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, ${cell.height}px)` }}
      onScroll={(event) => {
        const scrollTop = event.currentTarget.scrollTop;
        setBox((prev) => (prev.scrollTop === scrollTop ? prev : { ...prev, scrollTop }));
      }}
    >
      {grid.indices.map((i) => entry(i, { row: Math.floor(i / grid.columns), column: i % grid.columns }))}
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
