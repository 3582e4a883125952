import { useMemo, useState } from 'react';
import { PanelMessage } from '../../panels/PanelFrame';
import { useStore } from '../../store/store';
import { useDelayed } from '../../support/hooks';
import { SafeText } from '../../support/SafeText';
import { CompareView } from './CompareView';
import { DurationScatter } from './DurationScatter';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';
import { sortResults } from './search-form';
import './trace-search.css';

/** The Traces screen (f, or Traces in the header): search, the duration scatter, results, and comparing two. */
export function TraceSearchScreen() {
  const open = useStore((s) => s.traceSearch.open);
  if (!open) return null;
  return <TraceSearchBody />;
}

function TraceSearchBody() {
  const state = useStore((s) => s.traceSearch);
  const close = useStore((s) => s.closeTraceSearch);
  const openTrace = useStore((s) => s.openTrace);
  const run = useStore((s) => s.runTraceSearch);
  const compareIds = useStore((s) => s.compareTraceIds);
  const slow = useDelayed(state.status === 'searching', 1000);
  const rows = useMemo(() => sortResults(state.result?.traces ?? [], state.sort), [state.result, state.sort]);
  const [idA, setIdA] = useState('');
  const [idB, setIdB] = useState('');
  const onOpen = (traceId: string) => void openTrace(traceId);

  return (
    <div
      className="trace-search"
      role="region"
      aria-label="Trace search"
      data-testid="trace-search"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !useStore.getState().traceView) {
          e.stopPropagation();
          if (state.compare) useStore.getState().closeCompare();
          else close();
        }
      }}
    >
      <header className="trace-view__head">
        <h2>Traces</h2>
        <span className="spacer" />
        <form
          className="trace-search__compare-ids"
          onSubmit={(e) => {
            e.preventDefault();
            void compareIds(idA, idB);
          }}
        >
          <input value={idA} onChange={(e) => setIdA(e.target.value)} placeholder="trace id A" aria-label="Trace id A" size={18} className="mono" data-testid="compare-id-a" />
          <input value={idB} onChange={(e) => setIdB(e.target.value)} placeholder="trace id B" aria-label="Trace id B" size={18} className="mono" data-testid="compare-id-b" />
          <button type="submit" className="btn" disabled={!idA.trim() || !idB.trim()}>
            Compare ids
          </button>
        </form>
        <button type="button" className="btn" onClick={close} data-testid="trace-search-close">
          Close (Esc)
        </button>
      </header>
      <SearchForm />
      <div className="trace-search__body">
        {state.status === 'searching' && slow && <PanelMessage kind="loading" text={`Searching ${state.searched ?? 'traces'}…`} />}
        {state.status === 'error' && <PanelMessage kind="error" text={state.error ?? 'The search failed.'} onRetry={() => void run()} />}
        {state.status === 'idle' && <PanelMessage kind="empty" text="Choose a service (or none for all), then Find traces." />}
        {state.status === 'ready' && rows.length === 0 && <PanelMessage kind="empty" text={`No traces found for ${state.searched ?? 'this search'}.`} />}
        {state.result && rows.length > 0 && state.status !== 'error' && (
          <>
            <div className="trace-search__summary" role="status" data-testid="trace-search-summary">
              {rows.length} trace{rows.length === 1 ? '' : 's'} for <SafeText text={state.searched ?? ''} />
              {state.result.limitReached && <span className="muted"> — the limit was reached; there may be more (raise the limit or narrow the search)</span>}
              <span className="spacer" />
              <button type="button" className="btn btn--primary" disabled={state.picked.length !== 2} onClick={() => void compareIds(state.picked[0]!, state.picked[1]!)} data-testid="compare-picked">
                Compare picked ({state.picked.length}/2)
              </button>
            </div>
            {state.result.warnings.map((w, i) => (
              <p key={i} className="trace-search__warning">
                <SafeText text={w} />
              </p>
            ))}
            <CompareView />
            <DurationScatter traces={rows} onOpen={onOpen} />
            <div className="trace-search__table">
              <ResultsTable rows={rows} onOpen={onOpen} />
            </div>
          </>
        )}
        {(!state.result || rows.length === 0) && <CompareView />}
      </div>
    </div>
  );
}
