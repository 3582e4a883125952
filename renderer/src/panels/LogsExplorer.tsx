import { type KeyboardEvent, type RefObject, useDeferredValue, useMemo, useRef, useState } from 'react';
import { type CompiledDerivedField } from './derived-fields';
import { NEW_PATTERN_MS, mergeGroups, partialGroups } from '../../../shared/logs/error-groups';
import { type LogFilter, facetCounts, lineService, mergeFacets, parseLogSearch } from '../../../shared/logs/log-filter';
import type { LogLevel } from '../../../shared/model/logs';
import type { LogRing } from '../store/log-ring';
import { SafeText } from '../support/SafeText';
import { ChunkedTally } from './chunked-tally';
import { ErrorPatterns } from './ErrorPatterns';
import { FilteredLines } from './filtered-lines';
import { LogFilters } from './LogFilters';
import { LogList } from './LogList';
import { useThrottled } from './use-throttled';

/** Chips and patterns are recounted at most this often while lines pour in (each recount redoes one or two chunks: chunked-tally.ts). */
const RECOUNT_MS = 500;

export interface LogsExplorerProps {
  ring: LogRing;
  /** Changes whenever the ring does (it is mutated in place). */
  ringVersion: number;
  /** Lines from this sequence number on are held back while the person reads. */
  beforeSeq: number;
  rules: readonly CompiledDerivedField[];
  onOpenTrace(traceId: string): void;
  scrollerRef: RefObject<HTMLDivElement | null>;
  onScrollTop?(top: number): void;
  initialHeight?: number;
}

function toggled<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
}

/** Lines with their filters and search, or the same lines' errors grouped by pattern. */
export function LogsExplorer({ ring, ringVersion, beforeSeq, rules, onOpenTrace, scrollerRef, onScrollTop, initialHeight }: LogsExplorerProps) {
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(new Set());
  const [services, setServices] = useState<ReadonlySet<string>>(new Set());
  const [searchText, setSearchText] = useState('');
  const [pattern, setPattern] = useState<string | undefined>();
  const [mode, setMode] = useState<'lines' | 'patterns'>('lines');
  const [includeWarn, setIncludeWarn] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  // Typing stays responsive over 100,000 lines: the list follows the box a moment later.
  const deferredText = useDeferredValue(searchText);
  const search = useMemo(() => parseLogSearch(deferredText), [deferredText]);
  const shownSearch = useMemo(() => parseLogSearch(searchText), [searchText]);
  const filter = useMemo<LogFilter>(() => ({ levels, services, search: search.kind === 'invalid' ? { kind: 'none' } : search, ...(pattern !== undefined ? { pattern } : {}) }), [levels, services, search, pattern]);
  const lines = useMemo(() => new FilteredLines(ring, filter), [ring, filter]);
  // Checks only the lines that arrived since the last render (see filtered-lines.ts); the ring is mutated in place, so its version is the dependency.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- ringVersion stands for the ring's contents
  useMemo(() => lines.update(), [lines, ringVersion]);

  const slowVersion = useThrottled(ringVersion, RECOUNT_MS);
  const facetTally = useMemo(() => new ChunkedTally(ring, facetCounts), [ring]);
  const groupTally = useMemo(() => new ChunkedTally(ring, (chunk) => partialGroups(chunk, lineService)), [ring]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recounted on the throttled version of the ring, on purpose
  const facets = useMemo(() => mergeFacets(facetTally.parts()), [facetTally, slowVersion]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- regrouped on the throttled version of the ring, on purpose
  const groups = useMemo(() => mergeGroups(groupTally.parts(), { includeWarn, services }), [groupTally, slowVersion, services, includeWarn]);
  const newPatterns = groups.filter((g) => g.isNew).length;

  const look = useMemo(() => ({ search: filter.search, rules, onOpenTrace }), [filter.search, rules, onOpenTrace]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || target.closest('input, textarea, select, [contenteditable="true"]')) return;
    e.preventDefault();
    e.stopPropagation();
    setMode('lines');
    searchRef.current?.focus();
  };

  return (
    <div className="logs-explorer" onKeyDown={onKeyDown}>
      <LogFilters
        facets={facets}
        levels={levels}
        services={services}
        searchText={searchText}
        search={shownSearch}
        searchRef={searchRef}
        onLevel={(level) => setLevels((s) => toggled(s, level))}
        onService={(name) => setServices((s) => toggled(s, name))}
        onSearch={setSearchText}
        onClear={() => {
          setLevels(new Set());
          setServices(new Set());
          setSearchText('');
          setPattern(undefined);
        }}
        shown={lines.count(beforeSeq)}
        total={ring.size}
        otherFilter={pattern !== undefined}
      >
        <span className="logs-explorer__tabs" role="group" aria-label="Show">
          <button type="button" className="chip" aria-pressed={mode === 'lines'} onClick={() => setMode('lines')} data-testid="logs-mode-lines">
            Lines
          </button>
          <button type="button" className="chip" aria-pressed={mode === 'patterns'} onClick={() => setMode('patterns')} data-testid="logs-mode-patterns">
            Error patterns <span className="chip__count">{groups.length.toLocaleString('en')}</span>
            {newPatterns > 0 && <span className="badge badge--new">{newPatterns} new</span>}
          </button>
          {pattern !== undefined && (
            <span className="chip chip--pattern" data-testid="log-pattern-filter">
              pattern: <SafeText text={pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern} />
              <button type="button" className="link-button" aria-label="Show every pattern again" onClick={() => setPattern(undefined)}>
                ×
              </button>
            </span>
          )}
        </span>
      </LogFilters>
      {mode === 'lines' ? (
        <LogList lines={lines} beforeSeq={beforeSeq} look={look} scrollerRef={scrollerRef} onScrollTop={onScrollTop} initialHeight={initialHeight} />
      ) : (
        <div className="logs-scroll">
          <ErrorPatterns
            groups={groups}
            includeWarn={includeWarn}
            onIncludeWarn={setIncludeWarn}
            newMinutes={NEW_PATTERN_MS / 60_000}
            onShowLines={(p) => {
              setPattern(p);
              setMode('lines');
            }}
          />
        </div>
      )}
    </div>
  );
}
