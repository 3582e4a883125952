import { type KeyboardEvent, type RefObject, useCallback, useId, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { FilteredLines } from './filtered-lines';
import { type RowLook, LogRow } from './LogRows';
import { listWindow, rowTop } from './log-window';

/** Every row is this tall (one line of text) at the desk's type size, so the window is arithmetic. */
export const ROW_PX = 22;

/**
 * The row height for the list's own type size: a wall's larger text (28 px and up at 4K)
 * in 22 px rows drew each line over the next.
 */
export function rowPxFor(fontPx: number): number {
  return Number.isFinite(fontPx) && fontPx > 0 ? Math.max(ROW_PX, Math.ceil(fontPx * 1.5)) : ROW_PX;
}
/** What an expanded row adds below itself (its detail scrolls inside). */
export const DETAIL_PX = 260;
const OVERSCAN = 10;

export interface LogListProps {
  lines: FilteredLines;
  /** Lines from this sequence number on arrived while the person reads: not shown yet. */
  beforeSeq: number;
  look: RowLook;
  scrollerRef: RefObject<HTMLDivElement | null>;
  onScrollTop?(top: number): void;
  /** Viewport height before it is measured (server rendering, tests). */
  initialHeight?: number;
}

/**
 * The log lines, newest first, windowed: only the rows in view (plus a few) are in the
 * page, whatever the count. One Tab stop: arrows, Page Up/Down, Home and End move the
 * current row, Enter expands or collapses it, Escape collapses.
 */
export function LogList({ lines, beforeSeq, look, scrollerRef, onScrollTop, initialHeight = 480 }: LogListProps) {
  const count = lines.count(beforeSeq);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(initialHeight);
  const [rowPx, setRowPx] = useState(ROW_PX);
  const [activeSeq, setActiveSeq] = useState<number | undefined>();
  const [expandedSeq, setExpandedSeq] = useState<number | undefined>();
  const listId = useId();

  // No rows until the list is measured, in its ResizeObserver callback (after the browser's
  // layout, before its paint; the first one rendered at once). Read in a layout effect, the
  // size forced a style recalculation and layout of the whole page as a wall slide mounted; and
  // rows drawn at the default height before the callback, then moved, were a layout shift
  // (scripts/bench/wall-frames.ts). Without a ResizeObserver (server rendering, tests) the rows
  // are drawn at once, at the default size.
  const [measured, setMeasured] = useState(typeof ResizeObserver === 'undefined');
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    let first = true;
    const observer = new ResizeObserver((entries) => {
      const rect = entries.at(-1)?.contentRect;
      if (!rect) return;
      // The rows' type size (.logs is 0.85em of the scroller's), read again when the panel resizes (a
      // wall's type follows the screen); .logs-scroll has no padding, so its content height is its clientHeight.
      const measure = () => {
        setHeight(Math.round(rect.height) || initialHeight);
        setRowPx(rowPxFor(parseFloat(getComputedStyle(el).fontSize) * 0.85));
        setMeasured(true);
      };
      if (!first) return measure();
      first = false;
      flushSync(measure);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollerRef, initialHeight]);

  const expandedIndex = expandedSeq === undefined ? -1 : lines.indexOf(expandedSeq, beforeSeq);
  const foundActive = activeSeq === undefined ? -1 : lines.indexOf(activeSeq, beforeSeq);
  const activeIndex = foundActive >= 0 ? foundActive : count > 0 ? 0 : -1;
  const win = listWindow({ count, row: rowPx, scrollTop, height, overscan: OVERSCAN, expandedIndex, extra: DETAIL_PX });

  const bringIntoView = useCallback(
    (index: number) => {
      const el = scrollerRef.current;
      if (!el) return;
      const top = rowTop(index, rowPx, expandedIndex, DETAIL_PX);
      const bottom = top + rowPx + (index === expandedIndex ? DETAIL_PX : 0);
      if (top < el.scrollTop) el.scrollTop = top;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(top, bottom - el.clientHeight);
    },
    [scrollerRef, expandedIndex, rowPx],
  );

  const moveTo = (index: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, index));
    setActiveSeq(lines.seqAt(next, beforeSeq));
    bringIntoView(next);
  };
  const toggle = (seq: number | undefined) => setExpandedSeq((current) => (current === seq ? undefined : seq));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor(height / rowPx) - 1);
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, PageDown: activeIndex + page, PageUp: activeIndex - page, Home: 0, End: count - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (activeIndex >= 0) toggle(lines.seqAt(activeIndex, beforeSeq));
    } else if (e.key === 'Escape' && expandedSeq !== undefined) {
      e.preventDefault();
      setExpandedSeq(undefined);
    }
  };

  // One callback for every row: a fresh closure per row re-rendered all of them on every refresh.
  const pick = useCallback((seq: number) => {
    setActiveSeq(seq);
    setExpandedSeq((current) => (current === seq ? undefined : seq));
  }, []);
  const rows = [];
  for (let i = win.first; measured && i < win.last; i++) {
    const seq = lines.seqAt(i, beforeSeq)!;
    const line = lines.ring.bySeq(seq)!;
    const expanded = i === expandedIndex;
    rows.push(
      <LogRow
        key={seq}
        rowId={`${listId}-${seq}`}
        line={line}
        top={rowTop(i, rowPx, expandedIndex, DETAIL_PX)}
        height={rowPx + (expanded ? DETAIL_PX : 0)}
        active={i === activeIndex}
        expanded={expanded}
        look={look}
        seq={seq}
        onPick={pick}
      />,
    );
  }

  return (
    <div
      className="logs-scroll"
      ref={scrollerRef}
      tabIndex={0}
      role="region"
      aria-label={`Log lines, newest first: ${count.toLocaleString('en')}. Arrows move, Enter expands.`}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setScrollTop(top);
        onScrollTop?.(top);
      }}
      data-testid="logs-scroll"
    >
      <ol className="logs" style={{ height: win.totalHeight, ['--log-row' as string]: `${rowPx - 1}px` }} data-testid="logs-list" data-count={count}>
        {rows}
      </ol>
    </div>
  );
}
