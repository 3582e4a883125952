import type { TraceLayout } from '../../../shared/trace/layout-types';
import { rpcBreakdown } from '../../../shared/trace/layout';
import { formatMicros } from '../panels/format';
import { useStore } from '../store/store';
import { rpcSummary } from './rpc-segments';
import { SafeText } from '../support/SafeText';

/** Everything one span carries: timing, RPC split, tags and logs. */
export function SpanDetail({ layout, spanIndex, color }: { layout: TraceLayout; spanIndex: number; color: string | undefined }) {
  const selectSpan = useStore((s) => s.selectSpan);
  const span = layout.spans[spanIndex];
  if (!span) return null;
  const rpc = span.rpc ? rpcBreakdown(span.rpc) : undefined;
  return (
    <aside className="span-detail" data-testid="span-detail" aria-label="Span details">
      <header className="span-detail__head">
        <h3>
          <span className="dot" style={{ background: color }} /> <SafeText text={span.service} />
        </h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => selectSpan(undefined)} aria-label="Close span details">
          ✕
        </button>
      </header>
      <p className="span-detail__op">
        <SafeText text={span.operation} />
      </p>
      <dl className="kv">
        <dt>Duration</dt>
        <dd>{formatMicros(span.duration)}</dd>
        <dt>Starts at</dt>
        <dd>+{formatMicros(span.start - layout.start)}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd className={span.error ? 'sev-text--critical' : ''}>{span.error ? 'error' : 'ok'}</dd>
        <dt>Span id</dt>
        <dd className="mono">
          <SafeText text={span.spanId} />
        </dd>
        {span.parentId && (
          <>
            <dt>Parent</dt>
            <dd className="mono">
              <SafeText text={span.parentId} />
            </dd>
          </>
        )}
      </dl>
      {rpc && (
        <>
          <h4>RPC</h4>
          <ul className="plain">
            {rpcSummary(rpc).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <h4>Tags</h4>
      {Object.keys(span.tags).length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <dl className="kv">
          {Object.entries(span.tags).map(([k, v]) => (
            <div key={k} className="kv__pair">
              <dt>
                <SafeText text={k} />
              </dt>
              <dd className="mono">
                <SafeText text={v} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      <h4>Logs</h4>
      {span.logs.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ol className="plain span-logs">
          {span.logs.map((log, i) => (
            <li key={i}>
              <span className="muted">+{formatMicros(log.time - layout.start)}</span>{' '}
              <SafeText
                text={Object.entries(log.fields)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}
              />
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
