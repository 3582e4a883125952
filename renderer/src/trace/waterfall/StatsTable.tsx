import { useMemo, useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { operationStats, serviceTotals, sortStats, type StatsKey } from '../../../../shared/trace/operation-stats';
import { formatMicros } from '../../panels/format';
import { serviceColor } from '../../support/palette';
import { SafeText } from '../../support/SafeText';

const COLUMNS: { key: StatsKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Service', numeric: false },
  { key: 'count', label: 'Spans', numeric: true },
  { key: 'total', label: 'Total time', numeric: true },
  { key: 'self', label: 'Self time', numeric: true },
  { key: 'errors', label: 'Errors', numeric: true },
];

/** Per service, or per service and operation: count, total and self time, errors; sortable by any column. */
export function StatsTable({ layout }: { layout: TraceLayout }) {
  const [byOperation, setByOperation] = useState(false);
  const [sort, setSort] = useState<{ key: StatsKey; descending: boolean }>({ key: 'self', descending: true });
  const perOperation = useMemo(() => operationStats(layout), [layout]);
  const rows = useMemo(() => sortStats(byOperation ? perOperation : serviceTotals(perOperation), sort.key, sort.descending), [byOperation, perOperation, sort]);
  return (
    <div className="trace-stats" data-testid="trace-stats">
      <div className="trace-stats__head">
        <label className="check">
          <input type="checkbox" checked={byOperation} onChange={(e) => setByOperation(e.target.checked)} data-testid="trace-stats-by-operation" /> per operation
        </label>
        <span className="muted">Self time is a span's time not covered by its children.</span>
      </div>
      <table className="table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button
                  type="button"
                  className="th-button"
                  onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.numeric }))}
                  data-testid={`trace-stats-sort-${c.key}`}
                >
                  {c.key === 'name' && byOperation ? 'Service · operation' : c.label}
                  {sort.key === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.service}\u0000${r.operation ?? ''}`} data-testid="trace-stats-row" data-service={r.service}>
              <td>
                <span className="dot" style={{ background: serviceColor(r.service) }} /> <SafeText text={r.service} />
                {r.operation !== undefined && (
                  <span className="muted">
                    {' '}
                    · <SafeText text={r.operation} />
                  </span>
                )}
              </td>
              <td className="num">{r.count.toLocaleString('en')}</td>
              <td className="num">{formatMicros(r.total)}</td>
              <td className="num">{formatMicros(r.self)}</td>
              <td className={`num${r.errors > 0 ? ' sev-text--critical' : ''}`}>{r.errors}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
