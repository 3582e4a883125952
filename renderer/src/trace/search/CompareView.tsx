import { useState } from 'react';
import type { CompareRow, TraceComparison } from '../../../../shared/trace/compare';
import { formatMicros } from '../../panels/format';
import { PanelMessage } from '../../panels/PanelFrame';
import { useStore } from '../../store/store';
import { useDelayed } from '../../support/hooks';
import { serviceColor } from '../../support/palette';
import { SafeText } from '../../support/SafeText';

const signed = (n: number, format: (v: number) => string) => (n === 0 ? '0' : `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`);
const plain = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Two traces side by side: per service and per service/operation, counts and time A vs B, biggest change first. */
export function CompareView() {
  const compare = useStore((s) => s.traceSearch.compare);
  const close = useStore((s) => s.closeCompare);
  const run = useStore((s) => s.compareTraceIds);
  const slow = useDelayed(compare?.status === 'loading', 1000);
  const [level, setLevel] = useState<'services' | 'operations'>('operations');
  if (!compare) return null;
  return (
    <section className="trace-compare" aria-label="Trace comparison" data-testid="trace-compare">
      <header className="trace-compare__head">
        <h3>
          Compare A <span className="mono">{compare.traceA.slice(0, 16)}</span> with B <span className="mono">{compare.traceB.slice(0, 16)}</span>
        </h3>
        {compare.comparison && (
          <span className="muted" data-testid="compare-durations">
            A {formatMicros(compare.comparison.durationA)} · B {formatMicros(compare.comparison.durationB)} · Δ {signed(compare.comparison.durationB - compare.comparison.durationA, formatMicros)}
          </span>
        )}
        <span className="spacer" />
        <div role="group" aria-label="Compare by">
          <button type="button" className={`btn btn--toggle${level === 'operations' ? ' is-on' : ''}`} aria-pressed={level === 'operations'} onClick={() => setLevel('operations')}>
            Service / operation
          </button>
          <button type="button" className={`btn btn--toggle${level === 'services' ? ' is-on' : ''}`} aria-pressed={level === 'services'} onClick={() => setLevel('services')} data-testid="compare-by-service">
            Service
          </button>
        </div>
        <button type="button" className="btn" onClick={close} data-testid="compare-close">
          Close comparison
        </button>
      </header>
      {compare.status === 'loading' && slow && <PanelMessage kind="loading" text="Loading both traces…" />}
      {compare.status === 'error' && <PanelMessage kind="error" text={compare.error ?? 'The traces could not be compared.'} onRetry={() => void run(compare.traceA, compare.traceB)} />}
      {compare.comparison && <CompareTable comparison={compare.comparison} level={level} />}
    </section>
  );
}

function CompareTable({ comparison, level }: { comparison: TraceComparison; level: 'services' | 'operations' }) {
  const rows = comparison[level];
  if (rows.length === 0) return <PanelMessage kind="empty" text="Neither trace has spans." />;
  return (
    <div className="trace-compare__scroll">
      <table className="trace-compare__table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Service{level === 'operations' ? ' / operation' : ''}</th>
            <th scope="col" className="num">Spans A</th>
            <th scope="col" className="num">Spans B</th>
            <th scope="col" className="num">Δ</th>
            <th scope="col" className="num">Total A</th>
            <th scope="col" className="num">Total B</th>
            <th scope="col" className="num">Δ total</th>
            <th scope="col" className="num">Mean A</th>
            <th scope="col" className="num">Mean B</th>
            <th scope="col" className="num">Δ mean</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <CompareLine key={`${r.service}\u0000${r.operation ?? ''}`} row={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CompareLine({ row: r }: { row: CompareRow }) {
  const trend = (n: number) => (n > 0 ? 'is-up' : n < 0 ? 'is-down' : '');
  return (
    <tr className={`trace-compare__row--${r.change}`} data-testid="compare-row" data-change={r.change}>
      <td>
        <span className="dot" style={{ background: serviceColor(r.service) }} /> <SafeText text={r.service} />
        {r.operation !== undefined && (
          <>
            {' '}
            <span className="muted">·</span> <SafeText text={r.operation} />
          </>
        )}
        {r.change === 'added' && <span className="chip chip--warn trace-compare__mark">only in B</span>}
        {r.change === 'removed' && <span className="chip trace-compare__mark">only in A</span>}
      </td>
      <td className="num">{r.countA}</td>
      <td className="num">{r.countB}</td>
      <td className={`num ${trend(r.countDelta)}`}>{signed(r.countDelta, plain)}</td>
      <td className="num">{formatMicros(r.totalA)}</td>
      <td className="num">{formatMicros(r.totalB)}</td>
      <td className={`num ${trend(r.totalDelta)}`} data-testid="compare-total-delta">
        {signed(r.totalDelta, formatMicros)}
      </td>
      <td className="num">{r.countA ? formatMicros(r.meanA) : '—'}</td>
      <td className="num">{r.countB ? formatMicros(r.meanB) : '—'}</td>
      <td className={`num ${trend(r.meanDelta)}`}>{r.countA && r.countB ? signed(r.meanDelta, formatMicros) : '—'}</td>
    </tr>
  );
}
