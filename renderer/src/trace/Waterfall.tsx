import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { SegmentsBySpan } from '../../../shared/trace/critical-path';
import { errorAncestors } from '../../../shared/trace/error-path';
import type { TraceLayout, WaterfallRow } from '../../../shared/trace/layout-types';
import { formatMicros } from '../panels/format';
import { serviceColor } from '../support/palette';
import { useStore } from '../store/store';
import { useElementSize } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { rpcSummary } from './rpc-segments';
import { OVERSCAN_ROWS, rowSlots, visibleRange } from './visible-rows';
import { Minimap } from './waterfall/Minimap';
import { Ruler } from './waterfall/Ruler';
import { shownRows } from './waterfall/shown-rows';
import { useWaterfallView } from './waterfall/view-state';
import { WaterfallRow as Row, type MatchState } from './waterfall/WaterfallRow';

// Neither depends on the scroll position: a scroll frame must not redraw them.
const StillMinimap = memo(Minimap);
const StillRuler = memo(Ruler);

interface Hover {
  row: number;
  x: number;
  y: number;
}

export interface WaterfallMatches {
  /** Span indexes matching the filter, in display order; empty when no filter is set. */
  list: readonly number[];
  set: ReadonlySet<number>;
  active: boolean;
  current: number | undefined;
}

const NO_SEGMENTS: SegmentsBySpan = new Map();
const NOTHING = () => undefined;

/** The first rows of a large trace, drawn while the whole is on its way (store/trace-slice.ts `head`). */
export interface WaterfallPreview {
  /** Spans in the whole trace. */
  spanCount: number;
  /** Rows with a failure below them in the whole trace (the rows alone cannot tell). */
  errorBelow: ReadonlySet<number>;
}

/**
 * The trace's spans on a zoomable time axis, with a minimap of the whole trace above. Only
 * the rows in view are in the DOM. Keys: ↑/↓ select, ←/→ fold/unfold (or go to the parent /
 * first child), + / − zoom, 0 resets the zoom. A `preview` (a large trace's first rows) is
 * drawn the same way but not yet selected or folded: its spans are not the whole trace's.
 */
export function Waterfall({
  layout,
  selected,
  critical,
  criticalSegments = NO_SEGMENTS,
  matches,
  preview,
}: {
  layout: TraceLayout;
  selected: number | undefined;
  critical: ReadonlySet<number> | undefined;
  /** Worked out a frame after the rows (store/trace-slice.ts), never while the first rows render. */
  criticalSegments?: SegmentsBySpan;
  matches?: WaterfallMatches;
  preview?: WaterfallPreview;
}) {
  const wall = useStore((s) => s.wall);
  const selectSpan = useStore((s) => s.selectSpan);
  const rowHeight = wall ? 34 : 24;
  const view = useWaterfallView();
  const [scrollTop, setScrollTop] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const [ref, size] = useElementSize<HTMLDivElement>();
  const laneRef = useRef<HTMLSpanElement | null>(null);
  const [laneWidth, setLaneWidth] = useState(0);
  const colors = useServiceColors(layout);
  const errorBelow = useMemo(() => preview?.errorBelow ?? errorAncestors(layout), [layout, preview]);
  const hide = view.filterMode === 'hide' && matches?.active ? matches.set : undefined;
  const rows = useMemo(
    () => shownRows(layout, { collapsed: view.collapsed, criticalOnly: view.criticalOnly, critical, onlySpans: hide }),
    [layout, view.collapsed, view.criticalOnly, critical, hide],
  );

  useEffect(() => {
    const lane = laneRef.current;
    if (!lane) return;
    setLaneWidth(lane.clientWidth);
    const observer = new ResizeObserver(() => setLaneWidth(lane.clientWidth));
    observer.observe(lane);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view when it changes from the keyboard, a match or a link.
  const selectedRow = selected === undefined ? -1 : rows.findIndex((r) => r.spanIndex === selected);
  useEffect(() => {
    const el = ref.current;
    if (!el || selectedRow < 0) return;
    const top = selectedRow * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 2);
  }, [selectedRow, rowHeight, ref]);

  const viewport = size.height || 600;
  const { first, last } = visibleRange(scrollTop, viewport, rowHeight, rows.length, OVERSCAN_ROWS);
  // Rows are keyed by their slot in a fixed pool, not by span: scrolling by k rows re-renders
  // the k slots whose row changed and moves no other element (visible-rows.ts).
  const slots = rowSlots(viewport, rowHeight, OVERSCAN_ROWS);
  const visible: { index: number; row: WaterfallRow }[] = [];
  for (let i = first; i <= last; i += 1) visible.push({ index: i, row: rows[i]! });
  const hovered = hover ? rows[hover.row] : undefined;

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (preview) return;
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
    const at = selectedRow;
    const row = at >= 0 ? rows[at] : undefined;
    const span = row ? layout.spans[row.spanIndex] : undefined;
    const select = (i: number) => {
      const target = rows[Math.min(rows.length - 1, Math.max(0, i))];
      if (target) selectSpan(target.spanIndex);
    };
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        select(at + 1);
        break;
      case 'ArrowUp':
        select(at < 0 ? 0 : at - 1);
        break;
      case 'Home':
        select(0);
        break;
      case 'End':
        select(rows.length - 1);
        break;
      case 'ArrowLeft':
        if (row && span && row.childCount > 0 && !view.collapsed.has(span.spanId)) view.toggle(span.spanId);
        else if (row) {
          // Already folded or a leaf: go to the parent row, like a tree view.
          for (let i = at - 1; i >= 0; i -= 1) if (rows[i]!.depth < row.depth) return select(i);
        }
        break;
      case 'ArrowRight':
        if (row && span && view.collapsed.has(span.spanId)) view.toggle(span.spanId);
        else if (row && row.childCount > 0 && rows[at + 1]?.depth === row.depth + 1) select(at + 1);
        break;
      case '+':
      case '=':
        view.zoom(0.5);
        break;
      case '-':
      case '_':
        view.zoom(2);
        break;
      case '0':
        view.resetZoom();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const matchState = (spanIndex: number): MatchState => {
    if (!matches?.active) return 'none';
    if (matches.current === spanIndex) return 'current';
    if (matches.set.has(spanIndex)) return 'match';
    return view.filterMode === 'dim' ? 'dimmed' : 'none';
  };

  return (
    <div className="waterfall" onKeyDown={onKeyDown}>
      {preview ? (
        <div className="trace-minimap trace-minimap--waiting" data-testid="trace-minimap-waiting" title="The minimap is drawn once the whole trace is in" />
      ) : (
        <StillMinimap layout={layout} />
      )}
      <StillRuler total={layout.duration} laneRef={laneRef} />
      <div
        className="waterfall__scroll"
        ref={ref}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="trace-waterfall"
        data-row-count={rows.length}
        data-preview={preview ? 'true' : undefined}
        aria-busy={preview ? true : undefined}
        tabIndex={0}
        role="grid"
        aria-label="Spans of the trace; arrows move and fold, + and − zoom, 0 resets the zoom"
      >
        <div className="waterfall__rows" style={{ height: rows.length * rowHeight }}>
          {visible.map(({ index, row }) => {
            const span = layout.spans[row.spanIndex]!;
            return (
              <Row
                key={index % slots}
                index={index}
                row={row}
                span={span}
                traceStart={layout.start}
                total={layout.duration}
                top={index * rowHeight}
                height={rowHeight}
                window={view.window}
                laneWidth={laneWidth}
                selected={row.spanIndex === selected}
                critical={critical?.has(row.spanIndex) ?? false}
                criticalSegments={criticalSegments.get(row.spanIndex)}
                errorBelow={errorBelow.has(row.spanIndex)}
                collapsed={view.collapsed.has(span.spanId)}
                match={matchState(row.spanIndex)}
                color={colors.get(span.service) ?? serviceColor(span.service)}
                onSelect={preview ? NOTHING : selectSpan}
                onToggle={preview ? NOTHING : view.toggle}
                onHover={setHover}
              />
            );
          })}
        </div>
        {preview && (
          <p className="muted waterfall__more" data-testid="trace-preview-more">
            The first {rows.length.toLocaleString('en')} of {preview.spanCount.toLocaleString('en')} spans; the rest are on their way.
          </p>
        )}
        {rows.length === 0 && <p className="muted waterfall__empty">No span matches the filter. Clear it or switch the filter to “dim”.</p>}
      </div>
      {hover && hovered && (
        <div className="trace-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} data-testid="trace-rpc-tooltip" role="tooltip">
          <strong>
            <SafeText text={layout.spans[hovered.spanIndex]?.service} />
          </strong>{' '}
          <SafeText text={layout.spans[hovered.spanIndex]?.operation} />
          <div>span {formatMicros(hovered.duration)} at +{formatMicros(hovered.offset)}</div>
          {rpcSummary(hovered.rpc).map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}

/** One colour per service of this trace: the service's own colour, the same as on the dashboards and incidents. */
export function useServiceColors(layout: TraceLayout): Map<string, string> {
  return useMemo(() => new Map(layout.services.map((service) => [service, serviceColor(service)])), [layout]);
}
