import type { KeyboardEvent } from 'react';
import type { TraceSummary } from '../../../../shared/model/trace-search';
import { formatMicros } from '../../panels/format';
import { useStore } from '../../store/store';
import { serviceColor } from '../../support/palette';
import { SafeText } from '../../support/SafeText';
import { useTimeFormat } from '../../support/use-time-format';
import type { ResultColumn } from './search-form';

const COLUMNS: ReadonlyArray<{ column: ResultColumn; label: string; numeric?: boolean }> = [
  { column: 'start', label: 'Started' },
  { column: 'root', label: 'Root service / operation' },
  { column: 'duration', label: 'Duration', numeric: true },
  { column: 'spans', label: 'Spans', numeric: true },
  { column: 'services', label: 'Services' },
  { column: 'errors', label: 'Errors', numeric: true },
];

/** The results, sortable by every column; ↑/↓ (or j/k) move, Enter opens, Space picks for comparing. */
export function ResultsTable({ rows, onOpen }: { rows: TraceSummary[]; onOpen(traceId: string): void }) {
  const sort = useStore((s) => s.traceSearch.sort);
  const picked = useStore((s) => s.traceSearch.picked);
  const sortBy = useStore((s) => s.sortTraceResults);
  const togglePicked = useStore((s) => s.togglePicked);
  const time = useTimeFormat();

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, traceId: string) => {
    if (event.target !== event.currentTarget) return;
    const move = (delta: number) => {
      const sibling = delta > 0 ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
      if (sibling instanceof HTMLElement) sibling.focus();
    };
    if (event.key === 'ArrowDown' || event.key === 'j') move(1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(-1);
    else if (event.key === 'Enter') onOpen(traceId);
    else if (event.key === ' ') togglePicked(traceId);
    else return;
    event.preventDefault();
  };

  return (
    <table className="trace-results" data-testid="trace-results">
      <thead>
        <tr>
          <th scope="col" className="trace-results__pick">
            <span className="sr-only">Compare</span>
          </th>
          {COLUMNS.map((c) => (
            <th key={c.column} scope="col" aria-sort={sort.column === c.column ? (sort.descending ? 'descending' : 'ascending') : 'none'} className={c.numeric ? 'num' : undefined}>
              <button type="button" className="trace-results__sort" onClick={() => sortBy(c.column)} data-testid={`trace-sort-${c.column}`}>
                {c.label}
                {sort.column === c.column ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.traceId} tabIndex={0} onKeyDown={(e) => onRowKey(e, t.traceId)} onDoubleClick={() => onOpen(t.traceId)} data-testid="trace-result" data-trace-id={t.traceId} className={picked.includes(t.traceId) ? 'is-picked' : undefined}>
            <td className="trace-results__pick">
              <input type="checkbox" checked={picked.includes(t.traceId)} onChange={() => togglePicked(t.traceId)} aria-label={`Pick trace ${t.traceId} for comparing`} data-testid="trace-pick" />
            </td>
            <td className="nowrap">{time.instant(t.start / 1000)}</td>
            <td>
              <button type="button" className="link-button" onClick={() => onOpen(t.traceId)} data-testid="trace-result-open">
                <span className="dot" style={{ background: serviceColor(t.rootService ?? '') }} /> <SafeText text={t.rootService ?? 'unknown service'} />: <SafeText text={t.rootOperation ?? 'unknown operation'} />
              </button>
              <span className="muted mono trace-results__id">{t.traceId.slice(0, 12)}</span>
              {t.partial && <span className="chip chip--warn" title={t.partial}>partial</span>}
            </td>
            <td className="num" data-testid="trace-result-duration" data-us={t.duration}>
              {formatMicros(t.duration)}
            </td>
            <td className="num">{t.spanCount ?? '?'}</td>
            <td>
              <span className="trace-results__services">
                {t.services.map((s) => (
                  <span key={s.name} className="chip" title={s.spanCount === undefined ? s.name : `${s.name}: ${s.spanCount} spans${s.errorCount ? `, ${s.errorCount} errors` : ''}`}>
                    <span className="dot" style={{ background: serviceColor(s.name) }} /> <SafeText text={s.name} />
                    {s.spanCount !== undefined && <span className="muted">{s.spanCount}</span>}
                  </span>
                ))}
              </span>
            </td>
            <td className={`num${t.errorCount ? ' trace-results__errors' : ''}`}>{t.errorCount ?? '?'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
