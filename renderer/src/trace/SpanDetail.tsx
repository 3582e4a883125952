import { useState } from 'react';
import type { TraceLayout } from '../../../shared/trace/layout-types';
import { rpcBreakdown } from '../../../shared/trace/layout';
import type { TraceLogsState } from '../../../shared/trace/trace-logs';
import { formatMicros } from '../panels/format';
import { useStore } from '../store/store';
import { rpcSummary } from './rpc-segments';
import { parentLine, statusLine } from './span-words';
import { SafeText } from '../support/SafeText';
import { ServiceRed } from './waterfall/ServiceRed';
import { SpanLogs } from './waterfall/SpanLogs';
import { findSpanIndex, rpcSplitLine, sortedAttributes } from './waterfall/span-detail-words';

/** Everything one span carries: timing, status, its process, RPC split, notes, attributes, events, links, logs and its service's health. */
export function SpanDetail({
  layout,
  spanIndex,
  color,
  logs,
  onJumpToSpan,
}: {
  layout: TraceLayout;
  spanIndex: number;
  color: string | undefined;
  /** The trace's log lines; the Logs section is left out when absent (no session). */
  logs?: TraceLogsState;
  /** Selects a span of this trace, unfolding what hides it. */
  onJumpToSpan?(spanIndex: number): void;
}) {
  const selectSpan = useStore((s) => s.selectSpan);
  const openTrace = useStore((s) => s.openTrace);
  const hasClient = useStore((s) => s.client !== null && s.client !== undefined);
  const [search, setSearch] = useState('');
  const span = layout.spans[spanIndex];
  if (!span) return null;
  const jump = onJumpToSpan ?? selectSpan;
  const rpc = span.rpc ? rpcBreakdown(span.rpc) : undefined;
  const split = rpcSplitLine(rpc);
  const resource = layout.resources?.[span.resource];
  const parentIndex = span.parentId === undefined ? -1 : findSpanIndex(layout.spans, span.parentId);
  const parent = parentIndex >= 0 ? layout.spans[parentIndex] : undefined;
  const status = statusLine(span.status);
  const attributes = sortedAttributes(span.attributes, search);
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
      {split && (
        <p className="span-detail__split" data-testid="span-rpc-split">
          {split}
        </p>
      )}
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
              {parent ? (
                <button type="button" className="link-button" onClick={() => jump(parentIndex)} title="Go to the parent span">
                  <SafeText text={parentLine(span, parent)} />
                </button>
              ) : (
                <SafeText text={parentLine(span, parent)} />
              )}
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
      <h4>Attributes</h4>
      {Object.keys(span.attributes).length > 6 && (
        <input className="input span-detail__search" placeholder="Filter attributes" aria-label="Filter attributes" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="span-attr-search" />
      )}
      <Pairs entries={attributes} empty={search ? 'no attribute matches' : 'none'} testId="span-attributes" />
      {resource && (
        <>
          <h4>Process</h4>
          <Pairs entries={sortedAttributes(resource.attributes, '')} empty="none" testId="span-process" />
        </>
      )}
      <h4>Events</h4>
      {span.events.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ol className="plain span-logs">
          {span.events.map((event, i) => (
            <li key={i}>
              {/* Relative to the span, as Jaeger shows span logs: "+1.20 ms" into it. */}
              <span className="muted">{event.time >= span.start ? '+' : '−'}{formatMicros(Math.abs(event.time - span.start))}</span>{' '}
              <SafeText text={[event.name, ...sortedAttributes(event.attributes, '').map(([k, v]) => `${k}=${v}`)].filter((part) => part !== '').join(' ')} />
            </li>
          ))}
        </ol>
      )}
      {span.links && span.links.length > 0 && (
        <>
          <h4>Links</h4>
          <ul className="plain mono" data-testid="span-links">
            {span.links.map((link) => {
              const here = link.traceId.toLowerCase() === layout.traceId.toLowerCase() ? findSpanIndex(layout.spans, link.spanId) : -1;
              const text = `${link.type.replace('_', ' ')} ${link.spanId} in ${here >= 0 ? 'this trace' : `trace ${link.traceId}`}`;
              return (
                <li key={`${link.type} ${link.traceId} ${link.spanId}`}>
                  {here >= 0 ? (
                    <button type="button" className="link-button" onClick={() => jump(here)}>
                      <SafeText text={text} />
                    </button>
                  ) : /^[0-9a-fA-F]{1,32}$/.test(link.traceId) ? (
                    <button type="button" className="link-button" onClick={() => void openTrace(link.traceId)} title="Open the linked trace">
                      <SafeText text={text} />
                    </button>
                  ) : (
                    <SafeText text={text} />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {logs && <SpanLogs logs={logs} span={span} />}
      {hasClient && <ServiceRed service={span.service} atMs={Math.floor(span.start / 1000)} />}
    </aside>
  );
}

function Pairs({ entries, empty, testId }: { entries: [string, string][]; empty: string; testId: string }) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="kv" data-testid={testId}>
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
  );
}
