import { useMemo, useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { parseMinDuration } from '../../../../shared/trace/span-filter';
import { visibleText } from '../../../../shared/text/visible-text';
import { SafeText } from '../../support/SafeText';
import { useWaterfallView, type FilterMode } from './view-state';

/**
 * Search and filter within the trace: service, operation, minimum duration, errors only,
 * tag key=value and free text, all at once. Enter / Shift+Enter (and F3 anywhere in the
 * trace) step through the matches.
 */
export function FilterBar({ layout, count, position, onStep, inputRef }: { layout: TraceLayout; count: number; position: number | undefined; onStep(delta: number): void; inputRef?: React.Ref<HTMLInputElement> }) {
  const filter = useWaterfallView((s) => s.filter);
  const mode = useWaterfallView((s) => s.filterMode);
  const setFilter = useWaterfallView((s) => s.setFilter);
  const clearFilter = useWaterfallView((s) => s.clearFilter);
  const setFilterMode = useWaterfallView((s) => s.setFilterMode);
  const [durationText, setDurationText] = useState('');
  const [durationError, setDurationError] = useState<string | undefined>();
  const operations = useMemo(() => {
    const ops = new Set<string>();
    for (const span of layout.spans) if (!filter.service || span.service === filter.service) ops.add(span.operation);
    return [...ops].sort();
  }, [layout, filter.service]);
  const active = Boolean(filter.service || filter.operation || filter.minDuration || filter.errorsOnly || filter.tag?.trim() || filter.text?.trim());
  const stepKeys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onStep(e.shiftKey ? -1 : 1);
    }
  };
  return (
    <div className="trace-filter" role="search" aria-label="Filter the trace's spans" data-testid="trace-filter">
      <input
        ref={inputRef}
        className="input trace-filter__text"
        placeholder="Find in trace (/)"
        aria-label="Find text in the trace's spans"
        value={filter.text ?? ''}
        onChange={(e) => setFilter({ text: e.target.value })}
        onKeyDown={stepKeys}
        data-testid="trace-filter-text"
      />
      <select className="input" aria-label="Service" value={filter.service ?? ''} onChange={(e) => setFilter({ service: e.target.value || undefined, operation: undefined })} data-testid="trace-filter-service">
        <option value="">any service</option>
        {layout.services.map((s) => (
          <option key={s} value={s}>
            {visibleText(s)}
          </option>
        ))}
      </select>
      <select className="input trace-filter__op" aria-label="Operation" value={filter.operation ?? ''} onChange={(e) => setFilter({ operation: e.target.value || undefined })} data-testid="trace-filter-operation">
        <option value="">any operation</option>
        {operations.map((op) => (
          <option key={op} value={op}>
            {visibleText(op)}
          </option>
        ))}
      </select>
      <input
        className={`input trace-filter__dur${durationError ? ' input--invalid' : ''}`}
        placeholder="min 250ms"
        aria-label="Minimum duration"
        aria-invalid={durationError !== undefined}
        title={durationError ?? 'Spans at least this long: 250ms, 1.5s, 800us'}
        value={durationText}
        onChange={(e) => {
          setDurationText(e.target.value);
          const parsed = parseMinDuration(e.target.value);
          if (parsed instanceof Error) return setDurationError(parsed.message);
          setDurationError(undefined);
          setFilter({ minDuration: parsed });
        }}
        onKeyDown={stepKeys}
        data-testid="trace-filter-duration"
      />
      <input
        className="input trace-filter__tag"
        placeholder="tag key=value"
        aria-label="Tag key=value"
        value={filter.tag ?? ''}
        onChange={(e) => setFilter({ tag: e.target.value })}
        onKeyDown={stepKeys}
        data-testid="trace-filter-tag"
      />
      <label className="check">
        <input type="checkbox" checked={filter.errorsOnly ?? false} onChange={(e) => setFilter({ errorsOnly: e.target.checked })} data-testid="trace-filter-errors" /> errors only
      </label>
      <select className="input" aria-label="Rows that do not match" value={mode} onChange={(e) => setFilterMode(e.target.value as FilterMode)} data-testid="trace-filter-mode">
        <option value="highlight">highlight matches</option>
        <option value="dim">dim the rest</option>
        <option value="hide">hide the rest</option>
      </select>
      {active && (
        <>
          <span className="trace-filter__count" data-testid="trace-match-count" aria-live="polite">
            {count === 0 ? 'no match' : `${(position ?? 0) + 1} of ${count}`}
          </span>
          <button type="button" className="btn btn--small" onClick={() => onStep(-1)} disabled={count === 0} aria-label="Previous match (Shift+Enter)" data-testid="trace-match-prev">
            ↑
          </button>
          <button type="button" className="btn btn--small" onClick={() => onStep(1)} disabled={count === 0} aria-label="Next match (Enter, F3)" data-testid="trace-match-next">
            ↓
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => {
              clearFilter();
              setDurationText('');
              setDurationError(undefined);
            }}
            data-testid="trace-filter-clear"
          >
            Clear
          </button>
        </>
      )}
      {durationError && (
        <span className="sev-text--critical trace-filter__error" role="alert">
          <SafeText text={durationError} />
        </span>
      )}
    </div>
  );
}
