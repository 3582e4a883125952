import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import type { GridPos, Panel } from '../../../shared/model/dashboard';
import { moveBy, resizeBy } from '../../../shared/dashboards/grid-edit';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';

const GAP_PX = 10;

/** How many pixels one grid column and one grid row take on the dashboard element now. */
function cellSize(el: HTMLElement | null): { col: number; row: number } {
  const grid = el?.closest('.dashboard');
  if (!grid) return { col: 50, row: 40 };
  const width = grid.getBoundingClientRect().width;
  const rowHeight = Number.parseFloat(getComputedStyle(grid).gridAutoRows) || 30;
  return { col: (width + GAP_PX) / 24, row: rowHeight + GAP_PX };
}

/**
 * One panel's handles while the layout is edited: drag the body to move it, the corner to
 * resize it, whole grid cells at a time; with the keyboard, arrows move and Shift+arrows
 * resize. Drawn over the panel in its own grid area, so panels need not know.
 */
function PanelHandles({ panel }: { panel: Panel }) {
  const setPanelGrid = useStore((s) => s.setPanelGrid);
  const [preview, setPreview] = useState<GridPos | null>(null);
  const drag = useRef<{ mode: 'move' | 'resize'; x: number; y: number; from: GridPos } | null>(null);
  const grid = preview ?? panel.grid;

  const onDown = (mode: 'move' | 'resize') => (e: PointerEvent<HTMLElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { mode, x: e.clientX, y: e.clientY, from: panel.grid };
  };
  const onMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const cell = cellSize(e.currentTarget);
    const dx = Math.round((e.clientX - d.x) / cell.col);
    const dy = Math.round((e.clientY - d.y) / cell.row);
    setPreview(d.mode === 'move' ? moveBy(d.from, dx, dy) : resizeBy(d.from, dx, dy));
  };
  const onUp = () => {
    if (drag.current && preview) setPanelGrid(panel.id, preview);
    drag.current = null;
    setPreview(null);
  };
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const delta = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!delta) return;
    e.preventDefault();
    setPanelGrid(panel.id, e.shiftKey ? resizeBy(panel.grid, delta[0]!, delta[1]!) : moveBy(panel.grid, delta[0]!, delta[1]!));
  };

  return (
    <div
      className={`layout-handle${preview ? ' is-dragging' : ''}`}
      data-testid="layout-handle"
      data-for-panel={panel.id}
      role="button"
      tabIndex={0}
      aria-label={`${visibleText(panel.title) || panel.id}: drag or use the arrow keys to move, the corner or Shift+arrows to resize (column ${grid.x + 1}, row ${grid.y + 1}, ${grid.w} × ${grid.h})`}
      style={{ gridColumn: `${grid.x + 1} / span ${grid.w}`, gridRow: `${grid.y + 1} / span ${grid.h}` }}
      onPointerDown={onDown('move')}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      onKeyDown={onKey}
    >
      <span className="layout-handle__size">
        {grid.w} × {grid.h}
      </span>
      <span className="layout-handle__corner" data-testid="layout-resize" aria-hidden="true" onPointerDown={onDown('resize')} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={onUp} />
    </div>
  );
}

/** While editing, a handle over every panel. */
export function LayoutEditor({ panels }: { panels: readonly Panel[] }) {
  const editing = useStore((s) => s.editingLayout);
  if (!editing) return null;
  return (
    <>
      {panels.map((panel) => (
        <PanelHandles key={`layout-${panel.id}`} panel={panel} />
      ))}
    </>
  );
}
