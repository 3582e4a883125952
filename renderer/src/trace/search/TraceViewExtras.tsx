import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { linkableSpanId } from '../../../../shared/trace/trace-link';
import { storedToken } from '../../api/token';
import { useStore } from '../../store/store';
import type { TraceView } from '../../store/trace-slice';
import { shareableTraceLink } from './copy-link';
import { TraceGraphView } from './TraceGraphView';
import './trace-search.css';

/**
 * What the trace view gets from trace search: the Waterfall / Graph tabs (the graph covers
 * the waterfall below the view's header while chosen) and "Copy link", which names the
 * selected span too. TraceView.tsx renders it in its header with one line.
 */
export function TraceViewExtras({ view }: { view: TraceView }) {
  const [tab, setTab] = useState<'waterfall' | 'graph'>('waterfall');
  const [top, setTop] = useState(0);
  const [copied, setCopied] = useState<string | undefined>();
  const anchor = useRef<HTMLDivElement | null>(null);
  const host = useStore((s) => s.session?.host);
  const role = useStore((s) => s.session?.role);
  const pushToast = useStore((s) => s.pushToast);

  useEffect(() => setTab('waterfall'), [view.traceId]);
  useLayoutEffect(() => {
    const head = anchor.current?.closest('.trace-view__head');
    const frame = anchor.current?.closest('.trace-view');
    if (tab === 'graph' && head && frame) setTop(head.getBoundingClientRect().bottom - frame.getBoundingClientRect().top);
  }, [tab]);

  const span = view.selectedSpan === undefined ? undefined : view.layout?.spans[view.selectedSpan];
  const spanId = span ? linkableSpanId(span) : undefined;
  const copyLink = async () => {
    const link = shareableTraceLink({ traceId: view.traceId.toLowerCase(), ...(spanId ? { spanId: spanId.toLowerCase() } : {}) }, { host, role, pageUrl: window.location.href, storedToken: storedToken(window.sessionStorage) });
    try {
      await navigator.clipboard.writeText(link);
      setCopied(link);
      pushToast({ id: 'trace-link', title: 'Link copied', body: spanId ? 'It opens this trace with the selected span.' : 'It opens this trace.', severity: 'info' });
    } catch {
      // No clipboard (an insecure origin, a denied permission): show it to copy by hand.
      setCopied(link);
    }
  };

  return (
    <div className="trace-extras" ref={anchor}>
      <div role="tablist" aria-label="Trace views" className="trace-extras__tabs">
        <button type="button" role="tab" aria-selected={tab === 'waterfall'} className={`btn btn--toggle${tab === 'waterfall' ? ' is-on' : ''}`} onClick={() => setTab('waterfall')} data-testid="trace-tab-waterfall">
          Waterfall
        </button>
        <button type="button" role="tab" aria-selected={tab === 'graph'} className={`btn btn--toggle${tab === 'graph' ? ' is-on' : ''}`} onClick={() => setTab('graph')} disabled={!view.trace} data-testid="trace-tab-graph">
          Graph
        </button>
      </div>
      <button type="button" className="btn" onClick={() => void copyLink()} title={spanId ? 'Copy a link to this trace and the selected span' : 'Copy a link to this trace'} data-testid="trace-copy-link">
        Copy link
      </button>
      {copied && <input className="trace-extras__link mono" readOnly value={copied} onFocus={(e) => e.currentTarget.select()} aria-label="Link to this trace" data-testid="trace-link" size={Math.min(60, copied.length)} />}
      {tab === 'graph' && view.trace && (
        <div className="trace-extras__graph" style={{ top }} role="tabpanel" aria-label="Service graph">
          <TraceGraphView trace={view.trace} />
        </div>
      )}
    </div>
  );
}
