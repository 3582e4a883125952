import { useEffect, useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { traceLogQuery, traceLogsFrom, type TraceLogsState } from '../../../../shared/trace/trace-logs';
import { errorText } from '../../api/parse';
import { useStore } from '../../store/store';

/** The trace's log lines, asked for once per trace from the session's default log source. */
export function useTraceLogs(layout: TraceLayout | undefined): TraceLogsState | undefined {
  const client = useStore((s) => s.client);
  const [state, setState] = useState<{ traceId: string; logs: TraceLogsState } | undefined>();
  const traceId = layout?.traceId;
  useEffect(() => {
    if (!client || !layout || layout.spans.length === 0) return;
    let live = true;
    setState({ traceId: layout.traceId, logs: { state: 'loading' } });
    client
      .call('queryLogs', traceLogQuery(layout))
      .then((result) => live && setState({ traceId: layout.traceId, logs: traceLogsFrom(layout.traceId, result) }))
      .catch((error: unknown) => live && setState({ traceId: layout.traceId, logs: traceLogsFrom(layout.traceId, { error: errorText(error) }) }));
    return () => {
      live = false;
    };
    // Once per trace: collapsing or re-laying out the same trace must not ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, traceId]);
  return state && state.traceId === traceId ? state.logs : undefined;
}
