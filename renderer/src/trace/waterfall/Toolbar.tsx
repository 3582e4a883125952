import { useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { isFullWindow } from '../../../../shared/trace/zoom-window';
import { errorText } from '../../api/parse';
import { saveTextFile } from '../../support/files';
import { traceFileName, traceJson } from './trace-json';
import { useWaterfallView } from './view-state';

/** Tabs, folding, the critical-path view, zoom and export. */
export function Toolbar({ layout }: { layout: TraceLayout }) {
  const view = useWaterfallView();
  const [note, setNote] = useState<string | undefined>();
  const levels = Array.from({ length: Math.min(layout.maxDepth + 1, 30) }, (_, i) => i + 1);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(traceJson(layout));
      setNote('Trace JSON copied.');
    } catch (error) {
      setNote(`Couldn't copy the trace: ${errorText(error)}. Use "Save JSON" instead.`);
    }
  };
  const save = async () => {
    try {
      const saved = await saveTextFile(traceFileName(layout.traceId), traceJson(layout));
      setNote(saved ? `Saved ${saved}.` : undefined);
    } catch (error) {
      setNote(`Couldn't save the trace: ${errorText(error)}.`);
    }
  };
  return (
    <div className="trace-toolbar" data-testid="trace-toolbar">
      <div className="tabs" role="tablist" aria-label="Trace view">
        <button type="button" role="tab" aria-selected={view.tab === 'waterfall'} className={`tab${view.tab === 'waterfall' ? ' is-active' : ''}`} onClick={() => view.setTab('waterfall')} data-testid="trace-tab-waterfall">
          Waterfall
        </button>
        <button type="button" role="tab" aria-selected={view.tab === 'stats'} className={`tab${view.tab === 'stats' ? ' is-active' : ''}`} onClick={() => view.setTab('stats')} data-testid="trace-tab-stats">
          Statistics
        </button>
        <button type="button" role="tab" aria-selected={view.tab === 'graph'} className={`tab${view.tab === 'graph' ? ' is-active' : ''}`} onClick={() => view.setTab('graph')} data-testid="trace-tab-graph">
          Graph
        </button>
      </div>
      {view.tab === 'waterfall' && (
        <>
          <button type="button" className="btn btn--small" onClick={() => view.collapseAll(layout)} data-testid="trace-collapse-all">
            Collapse all
          </button>
          <button type="button" className="btn btn--small" onClick={view.expandAll} data-testid="trace-expand-all">
            Expand all
          </button>
          <label className="trace-toolbar__depth">
            expand to depth{' '}
            <select
              className="input"
              value={view.depth ?? ''}
              onChange={(e) => e.target.value && view.expandToDepth(layout, Number(e.target.value))}
              data-testid="trace-depth"
              aria-label="Expand to depth"
            >
              <option value="">—</option>
              {levels.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={view.criticalOnly} onChange={(e) => view.setCriticalOnly(e.target.checked)} data-testid="trace-critical-only" /> critical path only
          </label>
          <span className="trace-toolbar__zoom">
            <button type="button" className="btn btn--small" onClick={() => view.zoom(2)} aria-label="Zoom out (−)" disabled={isFullWindow(view.window)}>
              −
            </button>
            <button type="button" className="btn btn--small" onClick={() => view.zoom(0.5)} aria-label="Zoom in (+)">
              +
            </button>
            <button type="button" className="btn btn--small" onClick={view.resetZoom} disabled={isFullWindow(view.window)} data-testid="trace-reset-zoom">
              Reset zoom (0)
            </button>
          </span>
        </>
      )}
      <span className="spacer" />
      {note && (
        <span className="muted" role="status">
          {note}
        </span>
      )}
      <button type="button" className="btn btn--small" onClick={() => void copy()} data-testid="trace-copy-json">
        Copy JSON
      </button>
      <button type="button" className="btn btn--small" onClick={() => void save()} data-testid="trace-save-json">
        Save JSON
      </button>
    </div>
  );
}
