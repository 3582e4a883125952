import type { TraceSearchRequest, TraceSearchResult } from '../../../shared/model/trace-search';
import { type TraceComparison, compareTraces } from '../../../shared/trace/compare';
import type { TraceLink } from '../../../shared/trace/trace-link';
import { errorText } from '../api/parse';
import { type ResultColumn, type ResultSort, type TraceSearchForm, buildSearchRequest, describeSearch, emptyForm, nextSort } from '../trace/search/search-form';
import type { SliceCreator } from './app-state';

interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  value: T;
  error?: string;
  /** What it was loaded for (a source, or source + service), so a late answer for another one is dropped. */
  key?: string;
}

export interface TraceCompareView {
  status: 'loading' | 'error' | 'ready';
  traceA: string;
  traceB: string;
  error?: string;
  comparison?: TraceComparison;
  startedAt: number;
}

export interface TraceSearchState {
  /** The Traces screen is showing. */
  open: boolean;
  form: TraceSearchForm;
  /** Why the form could not be searched, before anything was asked. */
  formError?: string;
  services: Loadable<string[]>;
  operations: Loadable<string[]>;
  tagNames: Loadable<string[]>;
  status: 'idle' | 'searching' | 'ready' | 'error';
  error?: string;
  result?: TraceSearchResult;
  /** The last search sent, in words (the empty state says what was searched). */
  searched?: string;
  searchStartedAt?: number;
  sort: ResultSort;
  /** Up to two trace ids picked for comparing, oldest pick first. */
  picked: string[];
  compare: TraceCompareView | null;
  /** A trace link waiting for the session (a deep link opened in a fresh page). */
  pendingLink?: TraceLink;
  /** The span a followed link asked to select once its trace has loaded. */
  linkedSpan?: { traceId: string; spanId: string };
}

export interface TraceSearchSlice {
  traceSearch: TraceSearchState;
  openTraceSearch(): void;
  closeTraceSearch(): void;
  setSearchForm(patch: Partial<TraceSearchForm>): void;
  loadTraceServices(): Promise<void>;
  loadTraceOperations(): Promise<void>;
  runTraceSearch(): Promise<void>;
  sortTraceResults(column: ResultColumn): void;
  togglePicked(traceId: string): void;
  compareTraceIds(traceA: string, traceB: string): Promise<void>;
  closeCompare(): void;
  /** Opens a linked trace now when connected, or as soon as the session is there. */
  followTraceLink(link: TraceLink): void;
  /** Opens the link that waited for the session, once there is one. */
  flushPendingTraceLink(): void;
  /** Called when a trace view becomes ready: selects the span a link asked for. */
  applyLinkedSpan(): void;
}

const idle = <T>(value: T): Loadable<T> => ({ status: 'idle', value });

export const traceSearchInitial = () => ({
  traceSearch: {
    open: false,
    form: emptyForm(),
    services: idle<string[]>([]),
    operations: idle<string[]>([]),
    tagNames: idle<string[]>([]),
    status: 'idle',
    sort: { column: 'start', descending: true },
    picked: [],
    compare: null,
  } as TraceSearchState,
});

export const createTraceSearchSlice: SliceCreator<TraceSearchSlice> = (set, get) => {
  const patch = (change: Partial<TraceSearchState>) => set((s) => ({ traceSearch: { ...s.traceSearch, ...change } }));
  const traceSourceIds = () => (get().session?.sources ?? []).filter((s) => s.signals.includes('traces')).map((s) => s.id);
  const sourceOf = (form: TraceSearchForm) => (form.source && traceSourceIds().includes(form.source) ? form.source : undefined);
  const sourceArg = (source: string | undefined) => (source ? { source } : {});

  return {
    ...traceSearchInitial(),

    openTraceSearch() {
      patch({ open: true });
      void get().loadTraceServices();
    },

    closeTraceSearch() {
      patch({ open: false, compare: null });
    },

    setSearchForm(change) {
      const before = get().traceSearch.form;
      const form = { ...before, ...change };
      // A service belongs to one source, an operation to one service.
      if (change.source !== undefined && change.source !== before.source) Object.assign(form, { service: '', operation: '' });
      if (change.service !== undefined && change.service !== before.service && change.operation === undefined) form.operation = '';
      patch({ form, formError: undefined });
      if (form.source !== before.source) void get().loadTraceServices();
      if (form.service !== before.service || form.source !== before.source) void get().loadTraceOperations();
    },

    async loadTraceServices() {
      const client = get().client;
      if (!client) return;
      const source = sourceOf(get().traceSearch.form);
      const key = source ?? '';
      patch({ services: { status: 'loading', value: get().traceSearch.services.value, key }, tagNames: { status: 'loading', value: [], key } });
      const current = (which: 'services' | 'tagNames') => get().traceSearch[which].key === key && get().client === client;
      await Promise.all([
        client.call('traceServices', sourceArg(source)).then(
          (r) => current('services') && patch({ services: { status: 'ready', value: [...r.services].sort((a, b) => a.localeCompare(b)), key } }),
          (e: unknown) => current('services') && patch({ services: { status: 'error', value: [], error: `The services could not be listed: ${errorText(e)}`, key } }),
        ),
        client.call('traceTagNames', sourceArg(source)).then(
          (r) => current('tagNames') && patch({ tagNames: { status: 'ready', value: r.tagNames, key } }),
          // Tag names are only suggestions: without them the field still takes any key=value.
          () => current('tagNames') && patch({ tagNames: { status: 'ready', value: [], key } }),
        ),
      ]);
    },

    async loadTraceOperations() {
      const client = get().client;
      const form = get().traceSearch.form;
      const service = form.service.trim();
      const source = sourceOf(form);
      const key = `${source ?? ''}\u0000${service}`;
      if (!client || !service) {
        patch({ operations: { status: 'idle', value: [], key } });
        return;
      }
      patch({ operations: { status: 'loading', value: [], key } });
      const current = () => get().traceSearch.operations.key === key && get().client === client;
      try {
        const r = await client.call('traceOperations', { ...sourceArg(source), service });
        const names = [...new Set(r.operations.map((o) => o.name))].sort((a, b) => a.localeCompare(b));
        if (current()) patch({ operations: { status: 'ready', value: names, key } });
      } catch (e) {
        if (current()) patch({ operations: { status: 'error', value: [], error: `The operations of ${service} could not be listed: ${errorText(e)}`, key } });
      }
    },

    async runTraceSearch() {
      const client = get().client;
      if (!client) return;
      const state = get().traceSearch;
      const built = buildSearchRequest(state.form, Date.now());
      if ('error' in built) {
        patch({ formError: built.error });
        return;
      }
      const request: TraceSearchRequest = { ...built.request, ...sourceArg(sourceOf(state.form)) };
      if (!sourceOf(state.form)) delete request.source;
      const sourceName = get().session?.sources.find((s) => s.id === request.source)?.name;
      const searched = describeSearch(request, sourceName);
      const startedAt = Date.now();
      patch({ status: 'searching', error: undefined, formError: undefined, searched, searchStartedAt: startedAt, picked: [] });
      const stillWanted = () => get().traceSearch.searchStartedAt === startedAt && get().client === client;
      try {
        const result = await client.call('searchTraces', request);
        if (stillWanted()) patch({ status: 'ready', result });
      } catch (e) {
        if (stillWanted()) patch({ status: 'error', result: undefined, error: `The search for ${searched} failed: ${errorText(e)}` });
      }
    },

    sortTraceResults(column) {
      patch({ sort: nextSort(get().traceSearch.sort, column) });
    },

    togglePicked(traceId) {
      const picked = get().traceSearch.picked;
      if (picked.includes(traceId)) patch({ picked: picked.filter((id) => id !== traceId) });
      // Two at most: a third pick replaces the older one.
      else patch({ picked: [...picked, traceId].slice(-2) });
    },

    async compareTraceIds(traceA, traceB) {
      const client = get().client;
      const a = traceA.trim();
      const b = traceB.trim();
      if (!client) return;
      const startedAt = Date.now();
      const bad = [a, b].find((id) => !/^[0-9a-f]{1,32}$/i.test(id));
      if (bad !== undefined) {
        patch({ compare: { status: 'error', traceA: a, traceB: b, startedAt, error: `"${bad}" is not a trace id: a trace id is 1 to 32 hex digits.` } });
        return;
      }
      const source = sourceOf(get().traceSearch.form);
      patch({ compare: { status: 'loading', traceA: a, traceB: b, startedAt } });
      const stillWanted = () => get().traceSearch.compare?.startedAt === startedAt && get().client === client;
      const load = (id: string, label: string) =>
        client.call('getTrace', { ...sourceArg(source), traceId: id }).catch((e: unknown) => {
          throw new Error(`Trace ${label} (${id}) could not be loaded: ${errorText(e)}`);
        });
      try {
        const [ta, tb] = await Promise.all([load(a, 'A'), load(b, 'B')]);
        if (stillWanted()) patch({ compare: { status: 'ready', traceA: a, traceB: b, startedAt, comparison: compareTraces(ta, tb) } });
      } catch (e) {
        if (stillWanted()) patch({ compare: { status: 'error', traceA: a, traceB: b, startedAt, error: errorText(e) } });
      }
    },

    closeCompare() {
      patch({ compare: null });
    },

    followTraceLink(link) {
      patch({ linkedSpan: link.spanId ? { traceId: link.traceId, spanId: link.spanId } : undefined });
      if (!get().client || !get().session) {
        patch({ pendingLink: link });
        return;
      }
      patch({ pendingLink: undefined });
      void get().openTrace(link.traceId);
    },

    flushPendingTraceLink() {
      const link = get().traceSearch.pendingLink;
      if (link && get().client && get().session) get().followTraceLink(link);
    },

    applyLinkedSpan() {
      const linked = get().traceSearch.linkedSpan;
      const view = get().traceView;
      if (!linked || view?.status !== 'ready' || !view.layout || view.traceId.toLowerCase() !== linked.traceId) return;
      const spans = view.layout.spans;
      // The row with exactly this id first (a Zipkin client half), else the first reported under it.
      let index = spans.findIndex((s) => s.spanId.toLowerCase() === linked.spanId);
      if (index < 0) index = spans.findIndex((s) => s.reportedId?.toLowerCase() === linked.spanId);
      patch({ linkedSpan: undefined });
      if (index >= 0) get().selectSpan(index);
      else get().pushToast({ id: 'trace-link-span', title: 'Span not in this trace', body: `Trace ${linked.traceId} has no span ${linked.spanId}; the link may be for another trace source.`, severity: 'warning' });
    },
  };
};
