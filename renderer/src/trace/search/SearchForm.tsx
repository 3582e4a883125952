import { useMemo } from 'react';
import { useStore } from '../../store/store';
import { visibleText } from '../../../../shared/text/visible-text';
import { SafeText } from '../../support/SafeText';
import { LOOKBACKS } from './search-form';

/** The search form: source, service, operation, tags, duration bounds, lookback, limit. Enter searches. */
export function SearchForm() {
  const form = useStore((s) => s.traceSearch.form);
  const formError = useStore((s) => s.traceSearch.formError);
  const services = useStore((s) => s.traceSearch.services);
  const operations = useStore((s) => s.traceSearch.operations);
  const tagNames = useStore((s) => s.traceSearch.tagNames.value);
  const searching = useStore((s) => s.traceSearch.status === 'searching');
  const sources = useStore((s) => s.session?.sources);
  const setForm = useStore((s) => s.setSearchForm);
  const run = useStore((s) => s.runTraceSearch);
  const traceSources = useMemo(() => (sources ?? []).filter((s) => s.signals.includes('traces')), [sources]);
  // Tag names are suggested for the word being typed, keeping the pairs before it.
  const tagPrefix = form.tags.includes(' ') ? form.tags.slice(0, form.tags.lastIndexOf(' ') + 1) : '';

  return (
    <form
      className="trace-search__form"
      data-testid="trace-search-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      {traceSources.length > 1 && (
        <label>
          Source
          <select value={form.source} onChange={(e) => setForm({ source: e.target.value })} data-testid="trace-search-source">
            <option value="">Default trace source</option>
            {traceSources.map((s) => (
              <option key={s.id} value={s.id}>
                {visibleText(s.name)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Service
        <select value={form.service} onChange={(e) => setForm({ service: e.target.value })} data-testid="trace-search-service" disabled={services.status === 'loading' && services.value.length === 0}>
          <option value="">All services</option>
          {services.value.map((name) => (
            <option key={name} value={name}>
              {visibleText(name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Operation
        <select value={form.operation} onChange={(e) => setForm({ operation: e.target.value })} data-testid="trace-search-operation" disabled={!form.service}>
          <option value="">{operations.status === 'loading' ? 'Loading…' : 'All operations'}</option>
          {operations.value.map((name) => (
            <option key={name} value={name}>
              {visibleText(name)}
            </option>
          ))}
        </select>
      </label>
      <label className="trace-search__tags">
        Tags
        <input
          value={form.tags}
          onChange={(e) => setForm({ tags: e.target.value })}
          placeholder="http.status_code=500 error=true"
          list="trace-tag-names"
          spellCheck={false}
          data-testid="trace-search-tags"
        />
        <datalist id="trace-tag-names">
          {tagNames.slice(0, 200).map((name) => (
            <option key={name} value={`${tagPrefix}${name}=`} />
          ))}
        </datalist>
      </label>
      <label>
        Min duration
        <input value={form.minDuration} onChange={(e) => setForm({ minDuration: e.target.value })} placeholder="250ms" size={7} data-testid="trace-search-min" />
      </label>
      <label>
        Max duration
        <input value={form.maxDuration} onChange={(e) => setForm({ maxDuration: e.target.value })} placeholder="1.5s" size={7} data-testid="trace-search-max" />
      </label>
      <label>
        Lookback
        <select value={form.lookback} onChange={(e) => setForm({ lookback: e.target.value })} data-testid="trace-search-lookback">
          {LOOKBACKS.map((l) => (
            <option key={l.value} value={l.value}>
              {visibleText(l.label)}
            </option>
          ))}
        </select>
      </label>
      {form.lookback === 'custom' && (
        <label>
          Last
          <input value={form.customLookback} onChange={(e) => setForm({ customLookback: e.target.value })} placeholder="90m, 36h, 10d" size={7} data-testid="trace-search-custom-lookback" autoFocus />
        </label>
      )}
      <label>
        Limit
        <input value={form.limit} onChange={(e) => setForm({ limit: e.target.value })} inputMode="numeric" size={4} data-testid="trace-search-limit" />
      </label>
      <button type="submit" className="btn btn--primary" disabled={searching} data-testid="trace-search-run">
        Find traces
      </button>
      {services.error && (
        <p className="trace-search__error" role="alert">
          <SafeText text={services.error} />
        </p>
      )}
      {operations.error && (
        <p className="trace-search__error" role="alert">
          <SafeText text={operations.error} />
        </p>
      )}
      {formError && (
        <p className="trace-search__error" role="alert" data-testid="trace-search-form-error">
          <SafeText text={formError} />
        </p>
      )}
    </form>
  );
}
