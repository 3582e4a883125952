import { formatMicros } from '../panels/format';
import { PanelMessage } from '../panels/PanelFrame';
import { useStore } from '../store/store';
import type { TraceView as TraceViewState } from '../store/trace-slice';
import type { TraceLayout } from '../../../shared/trace/layout-types';
import { visibleText } from '../../../shared/text/visible-text';
import { useDelayed } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { useTimeFormat } from '../support/use-time-format';
import { useCallback, useEffect, useRef } from 'react';
import { SpanDetail } from './SpanDetail';
import { TraceLoading } from './TraceLoading';
import { TraceGraphView } from './search/TraceGraphView';
import { TraceViewExtras } from './search/TraceViewExtras';
import { useServiceColors, Waterfall } from './Waterfall';
import { FilterBar } from './waterfall/FilterBar';
import { revealSpan } from './waterfall/shown-rows';
import { StatsTable } from './waterfall/StatsTable';
import { Toolbar } from './waterfall/Toolbar';
import { useTraceMatches } from './waterfall/use-matches';
import { useTraceLogs } from './waterfall/use-trace-logs';
import { useWaterfallView } from './waterfall/view-state';

const EMPTY_LAYOUT: TraceLayout = { traceId: '', start: 0, duration: 0, spans: [], rows: [], services: [], maxDepth: 0, warnings: [] };

/** Full-window trace waterfall, opened from a log line or by trace id (t). */
export function TraceView() {
  const view = useStore((s) => s.traceView);
  const closeTrace = useStore((s) => s.closeTrace);
  const openTrace = useStore((s) => s.openTrace);
  const slow = useDelayed(view?.status === 'loading', 1000);
  // An incident file does not change: fetching a trace that is not in it again cannot find it.
  const offline = useStore((s) => s.session?.readOnly === true && s.session.mode === 'bundle');
  if (!view) return null;
  return <TraceViewBody view={view} slow={slow} onClose={closeTrace} {...(offline ? {} : { onRetry: () => void openTrace(view.traceId) })} />;
}

function TraceViewBody({ view, slow, onClose, onRetry }: { view: TraceViewState; slow: boolean; onClose(): void; onRetry?: () => void }) {
  const layout = view.layout;
  // A large trace's first rows, drawn until the whole is laid out (store/trace-slice.ts).
  const head = view.status === 'loading' ? view.head : undefined;
  const shown = layout ?? head?.layout;
  const colors = useServiceColors(shown ?? EMPTY_LAYOUT);
  const time = useTimeFormat();
  const selectSpan = useStore((s) => s.selectSpan);
  const resetFor = useWaterfallView((s) => s.resetFor);
  const tab = useWaterfallView((s) => s.tab);
  const cursor = useWaterfallView((s) => s.matchCursor);
  const matches = useTraceMatches(layout, view.critical);
  const logs = useTraceLogs(layout);
  const filterInput = useRef<HTMLInputElement | null>(null);
  useEffect(() => resetFor(view.traceId), [resetFor, view.traceId]);
  // A jump from the detail (parent, link) unfolds what hides the span before selecting it.
  const jumpToSpan = useCallback(
    (spanIndex: number) => {
      if (!layout) return;
      const state = useWaterfallView.getState();
      const shown = revealSpan(layout, spanIndex, state.collapsed, state.criticalOnly, view.critical);
      if (shown.collapsed !== state.collapsed) state.setCollapsed(shown.collapsed);
      if (shown.criticalOnly !== state.criticalOnly) state.setCriticalOnly(shown.criticalOnly);
      state.setTab('waterfall');
      selectSpan(spanIndex);
    },
    [layout, view.critical, selectSpan],
  );

  return (
    <div
      className="trace-view"
      role="dialog"
      aria-label={visibleText(`Trace ${view.traceId}`)}
      data-testid="trace-view"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        } else if (e.key === 'F3') {
          e.preventDefault();
          matches.step(e.shiftKey ? -1 : 1);
        } else if (e.key === '/' && !(e.target instanceof HTMLInputElement)) {
          e.preventDefault();
          filterInput.current?.focus();
        }
      }}
    >
      <header className="trace-view__head">
        <h2>
          Trace <span className="mono"><SafeText text={view.traceId} /></span>
        </h2>
        {shown && (
          <span className="muted">
            started <span data-testid="trace-start">{time.instant(shown.start / 1000)}</span> · {(head ? head.spanCount : shown.spans.length).toLocaleString('en')} spans · {formatMicros(shown.duration)} · {shown.services.length} services
          </span>
        )}
        {head && (
          <span className="chip" role="status" data-testid="trace-preview-status">
            <progress aria-label="Laying out the trace" /> first {head.layout.rows.length.toLocaleString('en')} rows shown; laying out the rest
          </span>
        )}
        <span className="spacer" />
        <TraceViewExtras view={view} />
        <button type="button" className="btn" onClick={onClose} data-testid="trace-close" autoFocus>
          Close (Esc)
        </button>
      </header>
      {shown && (
        <div className="trace-view__services">
          {shown.services.map((s) => (
            <span key={s} className="chip">
              <span className="dot" style={{ background: colors.get(s) }} /> <SafeText text={s} />
            </span>
          ))}
          <span className="chip chip--legend">
            <span className="trace-bar trace-bar--network-out legend-bar" /> network out
          </span>
          <span className="chip chip--legend">
            <span className="trace-bar trace-bar--network-back legend-bar" /> network back
          </span>
          <span className="chip chip--legend">
            <span className="critical-mark" /> critical path
          </span>
          <span className="chip chip--legend">
            <span className="trace-badge trace-badge--below">error below</span> a span under it failed
          </span>
        </div>
      )}
      {layout && layout.warnings.length > 0 && (
        <details className="trace-view__warnings">
          <summary>{layout.warnings.length} warning(s) while reading this trace</summary>
          <ul>
            {layout.warnings.slice(0, 50).map((w, i) => (
              <li key={i}>
                <SafeText text={w} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {layout && layout.rows.length > 0 && <Toolbar layout={layout} />}
      {layout && layout.rows.length > 0 && tab === 'waterfall' && (
        <FilterBar layout={layout} count={matches.list.length} position={matches.list.length > 0 ? Math.min(cursor, matches.list.length - 1) : undefined} onStep={matches.step} inputRef={filterInput} />
      )}
      <div className="trace-view__body">
        {view.status === 'loading' && !head && (slow ? <TraceLoading progress={view.progress} /> : null)}
        {head && <Waterfall layout={head.layout} selected={undefined} critical={undefined} preview={head} />}
        {view.status === 'error' && <PanelMessage kind="error" text={visibleText(view.error ?? 'The trace could not be loaded.')} onRetry={onRetry} />}
        {layout && layout.rows.length === 0 && <PanelMessage kind="empty" text="This trace has no spans." />}
        {layout && layout.rows.length > 0 && tab === 'waterfall' && <Waterfall layout={layout} selected={view.selectedSpan} critical={view.critical} criticalSegments={view.criticalSegments} matches={matches} />}
        {layout && layout.rows.length > 0 && tab === 'stats' && <StatsTable layout={layout} />}
        {view.trace && layout && layout.rows.length > 0 && tab === 'graph' && (
          <div className="trace-graph-tab" role="tabpanel" aria-label="Service graph">
            <TraceGraphView trace={view.trace} />
          </div>
        )}
        {layout && view.selectedSpan !== undefined && (
          <SpanDetail layout={layout} spanIndex={view.selectedSpan} color={colors.get(layout.spans[view.selectedSpan]?.service ?? '')} logs={logs} onJumpToSpan={jumpToSpan} />
        )}
      </div>
    </div>
  );
}
