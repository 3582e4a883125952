import { memo, useMemo } from 'react';
import type { LogLine } from '../../../shared/model/logs';
import { SafeText } from '../support/SafeText';
import { formatClock } from './format';
import { rowKeys } from './log-lines-merge';

const SERVICE_LABELS = ['service', 'app', 'job', 'container'];

/** The model's service, else a label that names one (older sources, offline files). */
export function serviceOf(line: LogLine): string {
  if (line.service) return line.service;
  for (const key of SERVICE_LABELS) if (line.labels[key]) return line.labels[key]!;
  return '';
}

/**
 * One row per line, newest first, the same whatever the source: time, level, service,
 * message, and the trace link. Rows are keyed by the line's identity and memoised, so a
 * batch of tail lines mounts only the new rows.
 */
export function LogRows({ lines, onOpenTrace }: { lines: readonly LogLine[]; onOpenTrace(traceId: string): void }) {
  const keys = useMemo(() => rowKeys(lines), [lines]);
  return (
    <ol className="logs" data-testid="logs-list">
      {lines.map((line, i) => (
        <LogRow key={keys[i]} line={line} onOpenTrace={onOpenTrace} />
      ))}
    </ol>
  );
}

const LogRow = memo(function LogRow({ line, onOpenTrace }: { line: LogLine; onOpenTrace(traceId: string): void }) {
  return (
    <li className={`log log--${line.level}`} data-testid="log-line">
      <time className="log__time">{formatClock(line.time)}</time>
      <span className="log__level">{line.level}</span>
      <span className="log__service">
        <SafeText text={serviceOf(line)} />
      </span>
      <span className="log__message">
        <SafeText text={line.message} />
      </span>
      {line.traceId && (
        <button type="button" className="link-button log__trace" onClick={() => onOpenTrace(line.traceId!)} data-testid="log-trace-link" title="Open this trace">
          trace <SafeText text={line.traceId.slice(0, 8)} />…
        </button>
      )}
    </li>
  );
});
