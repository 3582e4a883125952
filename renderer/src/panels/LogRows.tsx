import { memo } from 'react';
import { type CompiledDerivedField, derivedLinks } from './derived-fields';
import { parseJsonLine } from '../../../shared/logs/json-line';
import { type LogSearch, highlightRanges, lineService } from '../../../shared/logs/log-filter';
import { textSegments } from '../../../shared/logs/text-segments';
import type { LogLine } from '../../../shared/model/logs';
import { SafeText } from '../support/SafeText';
import { useTimeFormat } from '../support/use-time-format';

/** The model's service, else a label that names one (older sources, offline files). */
export const serviceOf = lineService;

export interface RowLook {
  search: LogSearch;
  rules: readonly CompiledDerivedField[];
  onOpenTrace(traceId: string): void;
}

/** A text with its search hits marked and its derived fields as links (each link opens in a new tab, without the opener). */
export function MarkedText({ text, look, tabbable }: { text: string; look: RowLook; tabbable: boolean }) {
  const segments = textSegments(text, derivedLinks(text, look.rules), highlightRanges(text, look.search));
  return (
    <>
      {segments.map((segment, i) => {
        const body = segment.mark ? (
          <mark className="log__hit" data-testid="log-hit">
            <SafeText text={segment.text} />
          </mark>
        ) : (
          <SafeText text={segment.text} />
        );
        if (!segment.link) return <span key={i}>{body}</span>;
        return (
          <a key={i} className="log__derived" href={segment.link.url} target="_blank" rel="noopener noreferrer" title={`${segment.link.name}: ${segment.link.url}`} tabIndex={tabbable ? undefined : -1} data-testid="log-derived-link" onClick={(e) => e.stopPropagation()}>
            {body}
          </a>
        );
      })}
    </>
  );
}

export interface LogRowProps {
  line: LogLine;
  top: number;
  height: number;
  active: boolean;
  expanded: boolean;
  look: RowLook;
  rowId: string;
  /** The line's place in the ring, handed back to `onPick`: one stable callback for every row keeps the memo below effective. */
  seq: number;
  onPick(seq: number): void;
}

/**
 * One line at a fixed height: time, level, service (ellipsis past 16 characters, the full
 * name on hover and in the detail), the message on one line with hits and links, and the
 * trace link. Expanded, it shows the line in full below, JSON pretty-printed, with its
 * fields. In-row links are skipped by Tab (the list is one Tab stop); the expanded detail's
 * links are reachable.
 */
export const LogRow = memo(function LogRow({ line, top, height, active, expanded, look, rowId, seq, onPick }: LogRowProps) {
  const service = lineService(line);
  const time = useTimeFormat();
  return (
    <li
      id={rowId}
      className={`log log--${line.level}${active ? ' log--active' : ''}${expanded ? ' log--expanded' : ''}`}
      style={{ top, height }}
      data-testid="log-line"
      data-level={line.level}
      aria-current={active ? 'true' : undefined}
      aria-expanded={expanded}
    >
      <div className="log__line" onClick={() => onPick(seq)}>
        <time className="log__time" title={time.instant(line.time)}>{time.clock(line.time)}</time>
        <span className="log__level">{line.level}</span>
        <span className="log__service" title={service} data-testid="log-service">
          <SafeText text={service} />
        </span>
        <span className="log__message" data-testid="log-message">
          <MarkedText text={line.message} look={look} tabbable={false} />
        </span>
        {line.traceId && (
          <button
            type="button"
            className="link-button log__trace"
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              look.onOpenTrace(line.traceId!);
            }}
            data-testid="log-trace-link"
            title="Open this trace"
          >
            trace <SafeText text={line.traceId.slice(0, 8)} />…
          </button>
        )}
      </div>
      {expanded && <LogDetail line={line} look={look} />}
    </li>
  );
});

function LogDetail({ line, look }: { line: LogLine; look: RowLook }) {
  const time = useTimeFormat();
  const json = parseJsonLine(line.message);
  const entries: [string, string][] = [
    ['service', lineService(line)],
    ...Object.entries(line.labels).map(([k, v]): [string, string] => [`label ${k}`, v]),
    ...Object.entries(line.fields ?? {}).map(([k, v]): [string, string] => [k, v]),
  ];
  return (
    <div className="log__detail" data-testid="log-detail">
      <div className="log__detail-head">
        <span>{time.instant(line.time)}</span>
        {line.traceId && (
          <button type="button" className="link-button" onClick={() => look.onOpenTrace(line.traceId!)} data-testid="log-detail-trace">
            Open trace <SafeText text={line.traceId} />
          </button>
        )}
      </div>
      <pre className="log__full" data-testid={json ? 'log-json' : 'log-full'}>
        <MarkedText text={json ? JSON.stringify(json, null, 2) : line.message} look={look} tabbable />
      </pre>
      {entries.length > 0 && (
        <dl className="log__fields">
          {entries
            .filter(([, v]) => v !== '')
            .map(([k, v]) => (
              <div key={k} className="log__field">
                <dt>
                  <SafeText text={k} />
                </dt>
                <dd>
                  <MarkedText text={v} look={look} tabbable />
                </dd>
              </div>
            ))}
        </dl>
      )}
    </div>
  );
}
