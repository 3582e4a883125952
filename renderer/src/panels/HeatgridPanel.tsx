import { type CSSProperties, type KeyboardEvent, useId, useState } from 'react';
import type { Panel } from '../../../shared/model/dashboard';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { buildHeatGrid, gridKey, type GridPos, type HeatGrid, HeatgridOptionsSchema, heatColumns, markStale } from './heatgrid-math';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { type PanelData, usePanelData } from './use-panel-data';

/**
 * Rows × metrics (kind `heatgrid`): a city per row, a metric per column, each cell its
 * newest value coloured ok / warn / bad / no data, the worst row first and flagged, so the
 * war room sees at a glance which city is in trouble. Enter on a row narrows the dashboard's
 * variable of the same name (city) to it.
 */
export function HeatgridPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const stale = useIsStale(data.oldestFetch);
  const options = HeatgridOptionsSchema.parse(panel.options);
  const variableName = options.variable ?? options.rowLabel;
  const canPick = useStore((s) => Boolean(s.session?.dashboard.variables.some((v) => v.name === variableName) && s.variableStates[variableName]));
  const setVariable = useStore((s) => s.setVariable);
  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      <HeatgridBody panel={panel} data={data} stale={stale} onPick={canPick ? (key) => void setVariable(variableName, [key]) : undefined} />
    </PanelFrame>
  );
}

/** The panel's body from its targets' answers: the grid, or what is missing in words. */
export function HeatgridBody({ panel, data, stale, onPick }: { panel: Panel; data: PanelData; stale: boolean; onPick?: (rowKey: string) => void }) {
  const options = HeatgridOptionsSchema.parse(panel.options);
  // A few dozen cells: built on each render, like the stat panel's numbers.
  const built = buildHeatGrid(
    heatColumns(panel.targets, options),
    data.entries.map((e) => e?.result?.series),
    data.entries.map((e) => e?.result?.fetchedAt),
    options,
  );
  const grid = stale ? markStale(built) : built;
  if (data.error && grid.rows.length === 0) return <PanelMessage kind="error" text={data.error} />;
  if (data.waiting && data.slowLoading) return <PanelMessage kind="loading" text="Loading…" />;
  // Nothing until every target has answered (as a logs panel shows nothing before its first
  // answer; after a second it says Loading…, above). Drawn as they came, the header alone sat at
  // the foot of the box and then each new city moved the rows already drawn: layout shifts on
  // every wall slide change that shows the grid (scripts/bench/wall-frames.ts).
  if (data.waiting) return null;
  if (grid.rows.length === 0) return <PanelMessage kind="empty" text={`No series with a ${options.rowLabel} label in this range.`} />;
  return <HeatGridTable grid={grid} rowLabel={options.rowLabel} onPick={onPick} />;
}

interface HeatGridTableProps {
  grid: HeatGrid;
  rowLabel: string;
  /** Narrow the dashboard to a row; absent when the dashboard has no such variable. */
  onPick?: (rowKey: string) => void;
}

/** The grid itself: one Tab stop, arrow keys across cells (the active one announced), Enter picks its row. */
export function HeatGridTable({ grid, rowLabel, onPick }: HeatGridTableProps) {
  const [active, setActive] = useState<GridPos>({ row: 0, col: 0 });
  const baseId = useId();
  const size = { rows: grid.rows.length, cols: grid.columns.length };
  const at = { row: Math.min(active.row, Math.max(0, size.rows - 1)), col: Math.min(active.col, Math.max(0, size.cols - 1)) };
  const cellId = (r: number, c: number) => `${baseId}-${r}-${c}`;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = gridKey(at, event.key, size);
    if (!action) return;
    event.preventDefault();
    if ('move' in action) setActive(action.move);
    else if (onPick) onPick(grid.rows[action.pick]!.key);
  };
  const style = { '--heat-rows': Math.max(1, size.rows), '--heat-cols': Math.max(1, size.cols) } as CSSProperties;
  return (
    <div
      className="heatgrid"
      role="grid"
      tabIndex={0}
      aria-activedescendant={size.rows > 0 ? cellId(at.row, at.col) : undefined}
      aria-label={`${rowLabel} by metric${onPick ? `: arrow keys move, Enter shows only that ${rowLabel}` : ''}`}
      aria-rowcount={size.rows + 1}
      data-testid="heatgrid"
      data-flagged={grid.flagged}
      onKeyDown={onKeyDown}
      style={style}
    >
      <div role="row" className="heatgrid__row heatgrid__row--head">
        <span role="columnheader" className="heatgrid__corner">
          <SafeText text={rowLabel} />
        </span>
        {grid.columns.map((column) => (
          <span key={column.refId} role="columnheader" className="heatgrid__colhead" title={visibleText(column.title)}>
            <SafeText text={column.title} />
          </span>
        ))}
      </div>
      {grid.rows.map((row, r) => {
        const flagged = row.key === grid.flagged;
        return (
          <div key={row.key} role="row" className={`heatgrid__row${flagged ? ' heatgrid__row--flagged' : ''}`} data-testid="heatgrid-row" data-row={row.key} data-flagged={flagged || undefined}>
            <span role="rowheader" className="heatgrid__rowhead" title={visibleText(row.key)}>
              {flagged && <span className="heatgrid__flag" aria-label="worst" title="The worst cell of the grid is in this row">▲ </span>}
              <SafeText text={row.key || '(empty)'} />
            </span>
            {row.cells.map((cell, c) => {
              const column = grid.columns[c]!;
              const isActive = r === at.row && c === at.col;
              return (
                <span
                  key={column.refId}
                  id={cellId(r, c)}
                  role="gridcell"
                  aria-selected={isActive}
                  className={`heatgrid__cell heatgrid__cell--${cell.state}${isActive ? ' is-active' : ''}`}
                  data-testid="heat-cell"
                  data-row={row.key}
                  data-col={column.id}
                  data-state={cell.state}
                  title={`${visibleText(row.key)} · ${visibleText(column.title)}: ${cell.text} (${cell.words})`}
                  onClick={() => setActive({ row: r, col: c })}
                  onDoubleClick={onPick ? () => onPick(row.key) : undefined}
                >
                  <span className="heatgrid__value">{cell.text}</span>
                  {cell.words !== cell.text && <span className="heatgrid__words">{cell.words}</span>}
                </span>
              );
            })}
          </div>
        );
      })}
      {grid.hidden > 0 && (
        <div role="row" className="heatgrid__more">
          <span role="gridcell">
            {grid.hidden} more {rowLabel} rows not shown
          </span>
        </div>
      )}
    </div>
  );
}
