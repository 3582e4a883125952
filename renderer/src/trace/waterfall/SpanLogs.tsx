import type { Span } from '../../../../shared/model/traces';
import { spanLogLines, type TraceLogsState } from '../../../../shared/trace/trace-logs';
import { SafeText } from '../../support/SafeText';
import { useTimeFormat } from '../../support/use-time-format';

const SHOWN = 50;

/** The log lines of the span (its service and span id), or of the trace when the span wrote none. */
export function SpanLogs({ logs, span }: { logs: TraceLogsState | undefined; span: Span }) {
  const time = useTimeFormat();
  let body: React.ReactNode;
  if (!logs || logs.state === 'loading') body = <p className="muted">looking for log lines with this trace id…</p>;
  else if (logs.state === 'failed') body = <p className="sev-text--critical" data-testid="span-logs-error"><SafeText text={`couldn't read logs: ${logs.reason}`} /></p>;
  else if (logs.state === 'none') body = <p className="muted">none: no log line carries this trace id</p>;
  else {
    const own = spanLogLines(logs.lines, span.service, span.reportedId ?? span.spanId);
    const lines = own.length > 0 ? own : logs.lines;
    body = (
      <>
        <p className="muted">
          {own.length > 0 ? `${own.length} from ${span.service}` : `none from ${span.service}`} · {logs.lines.length} in the trace
          {own.length === 0 ? ', shown below' : ''}
        </p>
        <ol className="plain span-logs">
          {lines.slice(0, SHOWN).map((line, i) => (
            <li key={`${line.time}-${i}`} className={`log-level--${line.level}`}>
              <span className="muted">{time.clock(line.time)}</span> <span className="mono">{line.level}</span>{' '}
              {line.service && line.service !== span.service && (
                <span className="muted">
                  <SafeText text={line.service} />{' '}
                </span>
              )}
              <SafeText text={line.message} />
            </li>
          ))}
        </ol>
        {lines.length > SHOWN && <p className="muted">…and {lines.length - SHOWN} more</p>}
      </>
    );
  }
  return (
    <section data-testid="span-logs" data-state={logs?.state ?? 'loading'}>
      <h4>Logs</h4>
      {body}
    </section>
  );
}
