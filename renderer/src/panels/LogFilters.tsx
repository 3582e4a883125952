import type { ReactNode, RefObject } from 'react';
import type { Facets, LogSearch } from '../../../shared/logs/log-filter';
import type { LogLevel } from '../../../shared/model/logs';
import { SafeText } from '../support/SafeText';

const LEVEL_ORDER: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'unknown'];
/** Services beyond this many get no chip of their own: the busiest are listed, the rest counted. */
const SERVICE_CHIPS = 16;

export interface LogFiltersProps {
  facets: Facets;
  levels: ReadonlySet<LogLevel>;
  services: ReadonlySet<string>;
  searchText: string;
  search: LogSearch;
  searchRef: RefObject<HTMLInputElement | null>;
  onLevel(level: LogLevel): void;
  onService(service: string): void;
  onSearch(text: string): void;
  onClear(): void;
  shown: number;
  total: number;
  /** A filter set elsewhere (an error pattern) is on too. */
  otherFilter?: boolean;
  /** Shown at the end of the search row (the Lines / Error patterns switch). */
  children?: ReactNode;
}

/** Level and service chips with their counts, and the search box (text, or a /regex/), all case-insensitive. */
export function LogFilters({ facets, levels, services, searchText, search, searchRef, onLevel, onService, onSearch, onClear, shown, total, otherFilter = false, children }: LogFiltersProps) {
  const serviceList = [...facets.services.entries()].filter(([name]) => name !== '').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // A chosen service stays visible even when it is not among the busiest.
  const chips = serviceList.filter(([name], i) => i < SERVICE_CHIPS || services.has(name));
  const filtering = otherFilter || levels.size > 0 || services.size > 0 || searchText.trim() !== '';
  return (
    <div className="log-filters" data-testid="log-filters">
      <div className="log-filters__row">
        <input
          ref={searchRef}
          type="search"
          className={`log-filters__search${search.kind === 'invalid' ? ' log-filters__search--invalid' : ''}`}
          placeholder="Search lines (/regex/)  ·  press / to focus"
          aria-label="Search log lines; case-insensitive; /…/ for a regular expression"
          aria-invalid={search.kind === 'invalid'}
          value={searchText}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && searchText !== '') {
              e.preventDefault();
              onSearch('');
            }
          }}
          data-testid="log-search"
        />
        <span className="log-filters__shown" data-testid="log-shown">
          {filtering ? `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} lines` : `${total.toLocaleString('en')} lines`}
        </span>
        {filtering && (
          <button type="button" className="link-button" onClick={onClear} data-testid="log-filters-clear">
            Clear filters
          </button>
        )}
        {children}
      </div>
      {search.kind === 'invalid' && (
        <p className="log-filters__error" role="alert" data-testid="log-search-error">
          <SafeText text={`${search.message} The search is not applied.`} />
        </p>
      )}
      <div className="log-filters__chips log-filters__facets">
        <div className="log-filters__chips" role="group" aria-label="Filter by level">
          {LEVEL_ORDER.filter((level) => (facets.levels.get(level) ?? 0) > 0 || levels.has(level)).map((level) => (
            <button key={level} type="button" className={`chip chip--level chip--${level}`} aria-pressed={levels.has(level)} onClick={() => onLevel(level)} data-testid={`log-level-${level}`}>
              {level} <span className="chip__count">{(facets.levels.get(level) ?? 0).toLocaleString('en')}</span>
            </button>
          ))}
        </div>
        {chips.length > 0 && (
          <div className="log-filters__chips" role="group" aria-label="Filter by service">
            {chips.map(([name, n]) => (
              <button key={name} type="button" className="chip chip--service" aria-pressed={services.has(name)} onClick={() => onService(name)} title={name} data-testid="log-service-chip" data-service={name}>
                <span className="chip__name">
                  <SafeText text={name} />
                </span>{' '}
                <span className="chip__count">{n.toLocaleString('en')}</span>
              </button>
            ))}
            {serviceList.length > chips.length && <span className="log-filters__more">and {serviceList.length - chips.length} quieter services</span>}
          </div>
        )}
      </div>
    </div>
  );
}
