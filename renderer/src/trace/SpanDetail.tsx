import type { TraceLayout } from '../../../shared/trace/layout-types';
import { rpcBreakdown } from '../../../shared/trace/layout';
import { formatMicros } from '../panels/format';
import { useStore } from '../store/store';
import { rpcSummary } from './rpc-segments';
import { parentLine, statusLine } from './span-words';
import { SafeText } from '../support/SafeText';

/** Everything one span carries: timing, status, its process, RPC split, notes, attributes, events and links. */
export function SpanDetail({ layout, spanIndex, color }: { layout: TraceLayout; spanIndex: number; color: string | undefined }) {
  const selectSpan = useStore((s) => s.selectSpan);
  const span = layout.spans[spanIndex];
  if (!span) return null;
  const rpc = span.rpc ? rpcBreakdown(span.rpc) : undefined;
  const resource = layout.resources?.[span.resource];
  const parent = span.parentId === undefined ? undefined : layout.spans.find((s) => s.spanId === span.parentId);
  const status = statusLine(span.status);
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
        <dd data-testid="span-duration">{span.unfinished ? 'unfinished: no end was reported' : formatMicros(span.duration)}</dd>
        <dt>Starts at</dt>
        <dd>+{formatMicros(span.start - layout.start)}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd className={span.status.code === 'error' ? 'sev-text--critical' : ''} data-testid="span-status">
          <SafeText text={status} />
        </dd>
        <dt>Version</dt>
        <dd data-testid="span-version">{resource?.version ? <SafeText text={resource.version} /> : <span className="muted">not reported</span>}</dd>
        {resource?.host && (
          <>
            <dt>Host</dt>
            <dd className="mono">
              <SafeText text={resource.host} />
            </dd>
          </>
        )}
        <dt>Span id</dt>
        <dd className="mono">
          <SafeText text={span.reportedId ?? span.spanId} />
        </dd>
        {span.parentId && (
          <>
            <dt>Parent</dt>
            <dd data-testid="span-parent">
              <SafeText text={parentLine(span, parent)} />
            </dd>
          </>
        )}
      </dl>
      {span.notes && span.notes.length > 0 && (
        <>
          <h4>Notes</h4>
          <ul className="plain" data-testid="span-notes">
            {span.notes.map((note) => (
              <li key={note}>
                <SafeText text={note} />
              </li>
            ))}
          </ul>
        </>
      )}
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
      <Pairs title="Attributes" values={span.attributes} />
      {resource && <Pairs title="Process" values={resource.attributes} />}
      <h4>Events</h4>
      {span.events.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ol className="plain span-logs">
          {span.events.map((event, i) => (
            <li key={i}>
              <span className="muted">+{formatMicros(event.time - layout.start)}</span>{' '}
              <SafeText
                text={[event.name, ...Object.entries(event.attributes).map(([k, v]) => `${k}=${v}`)].filter((part) => part !== '').join(' ')}
              />
            </li>
          ))}
        </ol>
      )}
      {span.links && span.links.length > 0 && (
        <>
          <h4>Links</h4>
          <ul className="plain mono">
            {span.links.map((link) => (
              <li key={`${link.type} ${link.traceId} ${link.spanId}`}>
                <SafeText text={`${link.type.replace('_', ' ')} ${link.spanId} in trace ${link.traceId}`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function Pairs({ title, values }: { title: string; values: Readonly<Record<string, string>> }) {
  const entries = Object.entries(values);
  return (
    <>
      <h4>{title}</h4>
      {entries.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <dl className="kv">
          {entries.map(([k, v]) => (
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
    </>
  );
}
