import { create } from 'zustand';
import { collapseAll, expandToDepth } from '../../../../shared/trace/collapse';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import type { SpanFilter } from '../../../../shared/trace/span-filter';
import { clampWindow, FULL_WINDOW, panWindow, zoomWindow, type ZoomWindow } from '../../../../shared/trace/zoom-window';

/** How rows that do not match the filter are shown. */
export type FilterMode = 'highlight' | 'dim' | 'hide';
export type TraceTab = 'waterfall' | 'stats' | 'graph';

/**
 * The waterfall's own view state — zoom window, folded spans, filter and the current match,
 * tab — kept apart from the store's trace slice (renderer/src/store/trace-slice.ts), which
 * owns loading the trace. Reset whenever another trace opens.
 */
export interface WaterfallViewState {
  traceId: string;
  window: ZoomWindow;
  collapsed: ReadonlySet<string>;
  filter: SpanFilter;
  filterMode: FilterMode;
  /** Index into the current matches of the one shown as "n of m". */
  matchCursor: number;
  criticalOnly: boolean;
  tab: TraceTab;
  /** The last "expand to depth" chosen, for the select's value. */
  depth: number | undefined;
  resetFor(traceId: string): void;
  setWindow(window: ZoomWindow): void;
  zoom(factor: number, anchor?: number): void;
  pan(delta: number): void;
  resetZoom(): void;
  toggle(spanId: string): void;
  setCollapsed(collapsed: ReadonlySet<string>): void;
  collapseAll(layout: TraceLayout): void;
  expandAll(): void;
  expandToDepth(layout: TraceLayout, levels: number): void;
  setFilter(patch: Partial<SpanFilter>): void;
  clearFilter(): void;
  setFilterMode(mode: FilterMode): void;
  setMatchCursor(cursor: number): void;
  setCriticalOnly(on: boolean): void;
  setTab(tab: TraceTab): void;
}

const fresh = (traceId: string) => ({
  traceId,
  window: FULL_WINDOW,
  collapsed: new Set<string>() as ReadonlySet<string>,
  filter: {} as SpanFilter,
  filterMode: 'dim' as FilterMode,
  matchCursor: 0,
  criticalOnly: false,
  tab: 'waterfall' as TraceTab,
  depth: undefined as number | undefined,
});

export const useWaterfallView = create<WaterfallViewState>()((set, get) => ({
  ...fresh(''),
  resetFor(traceId) {
    if (get().traceId !== traceId) set(fresh(traceId));
  },
  setWindow(window) {
    set({ window: clampWindow(window.from, window.to) });
  },
  zoom(factor, anchor) {
    set({ window: zoomWindow(get().window, factor, anchor) });
  },
  pan(delta) {
    set({ window: panWindow(get().window, delta) });
  },
  resetZoom() {
    set({ window: FULL_WINDOW });
  },
  toggle(spanId) {
    const next = new Set(get().collapsed);
    if (next.has(spanId)) next.delete(spanId);
    else next.add(spanId);
    set({ collapsed: next, depth: undefined });
  },
  setCollapsed(collapsed) {
    set({ collapsed, depth: undefined });
  },
  collapseAll(layout) {
    set({ collapsed: collapseAll(layout), depth: 1 });
  },
  expandAll() {
    set({ collapsed: new Set(), depth: undefined });
  },
  expandToDepth(layout, levels) {
    set({ collapsed: expandToDepth(layout, levels), depth: levels });
  },
  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch }, matchCursor: 0 });
  },
  clearFilter() {
    set({ filter: {}, matchCursor: 0 });
  },
  setFilterMode(filterMode) {
    set({ filterMode });
  },
  setMatchCursor(matchCursor) {
    set({ matchCursor });
  },
  setCriticalOnly(criticalOnly) {
    set({ criticalOnly });
  },
  setTab(tab) {
    set({ tab });
  },
}));
