import { useState } from 'react';
import { linkableSpanId } from '../../../../shared/trace/trace-link';
import { storedToken } from '../../api/token';
import { useStore } from '../../store/store';
import type { TraceView } from '../../store/trace-slice';
import { shareableTraceLink } from './copy-link';
import './trace-search.css';

/**
 * What the trace view gets from trace search: "Copy link", which names the selected span
 * too (the service graph is a tab of the trace view, beside Waterfall and Statistics).
 * TraceView.tsx renders it in its header with one line.
 */
export function TraceViewExtras({ view }: { view: TraceView }) {
  const [copied, setCopied] = useState<string | undefined>();
  const host = useStore((s) => s.session?.host);
  const role = useStore((s) => s.session?.role);
  const pushToast = useStore((s) => s.pushToast);

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
    <div className="trace-extras">
      <button type="button" className="btn" onClick={() => void copyLink()} title={spanId ? 'Copy a link to this trace and the selected span' : 'Copy a link to this trace'} data-testid="trace-copy-link">
        Copy link
      </button>
      {copied && <input className="trace-extras__link mono" readOnly value={copied} onFocus={(e) => e.currentTarget.select()} aria-label="Link to this trace" data-testid="trace-link" size={Math.min(60, copied.length)} />}
    </div>
  );
}
