import { useEffect } from 'react';
import { useStore } from '../../store/store';

/**
 * Carries a trace link through: opens it once the session is there (a link opened in a fresh
 * page arrives before the connection), and selects its span once the trace has loaded.
 */
export function useTraceLinks(): void {
  const hasSession = useStore((s) => s.session !== null);
  const pending = useStore((s) => s.traceSearch.pendingLink);
  const ready = useStore((s) => (s.traceView?.status === 'ready' ? s.traceView.traceId : undefined));
  const linked = useStore((s) => s.traceSearch.linkedSpan);
  useEffect(() => {
    if (hasSession && pending) useStore.getState().flushPendingTraceLink();
  }, [hasSession, pending]);
  useEffect(() => {
    if (ready && linked) useStore.getState().applyLinkedSpan();
  }, [ready, linked]);
}
