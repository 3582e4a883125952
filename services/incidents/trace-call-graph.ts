import type { CallGraph } from '../../shared/model/call-graph';
import type { RollbackPolicy } from '../../shared/incident/rollback-candidate';
import type { SourceSet } from '../datasources/source-set';
import type { DependencyLink, DependencyWindow } from '../datasources/types';
import { describeError } from '../util/errors';

/**
 * The call graph learned from traces, merged with the configured one.
 *
 * Correlation ("a failing dependency": a caller and what it calls) and rollback offers (a
 * release of anything the alerting service calls) read one call graph. The config names
 * the edges someone wrote down; the trace backends know the rest: Zipkin
 * (`/api/v2/dependencies`) and Jaeger (`/api/dependencies`) answer which service called
 * which (see `TracesCapability.dependencies`; Tempo has no such API and is skipped).
 *
 * Determinism: every console must derive the same incidents from the same alerts, so every
 * console must use the same learned graph. So no console asks for "the last 24 hours from
 * now": the window is aligned to the clock — it ends at the start of the current
 * 10-minute slot of UTC time (`alignMs`) and looks back 24 hours — and every console
 * refreshes on the same schedule, `settleMs` after each slot begins (late spans of the
 * slot just ended have landed by then). Two consoles asking in the same slot ask for the
 * same window and get the same answer, and all of them move to the next window within
 * seconds of each other. The merge is a pure function of that answer and the config, in
 * a fixed order, so equal answers give equal graphs.
 */

export interface TraceCallGraphSettings {
  /** The window ends at a multiple of this (epoch ms, so UTC); refreshes follow it. */
  alignMs: number;
  /** How far back the window reaches from its end. */
  lookbackMs: number;
  /** How long after a slot begins every console asks (and before which it still asks for the previous slot). */
  settleMs: number;
  /** Learned edges with fewer calls in the window are noise (a mislabelled span, a one-off script). */
  minCalls: number;
  /** At most this many services in the merged graph; configured ones always count and stay. */
  maxServices: number;
}

export const TRACE_CALL_GRAPH_DEFAULTS: TraceCallGraphSettings = {
  alignMs: 10 * 60_000,
  lookbackMs: 24 * 60 * 60_000,
  settleMs: 30_000,
  minCalls: 3,
  maxServices: 500,
};

/** The CallGraphSchema's limits: a name of 1–200 characters, at most 200 callees each. */
const MAX_NAME = 200;
const MAX_CALLEES = 200;

/** The window every console asks for at `now`: the same for all of them until the next slot settles. */
export function alignedWindow(now: number, settings: Pick<TraceCallGraphSettings, 'alignMs' | 'lookbackMs' | 'settleMs'> = TRACE_CALL_GRAPH_DEFAULTS): DependencyWindow {
  const endTs = Math.floor((now - settings.settleMs) / settings.alignMs) * settings.alignMs;
  return { endTs, lookbackMs: settings.lookbackMs };
}

/** When the next window begins (epoch ms): the next slot start plus the settle time. */
export function nextRefreshAt(now: number, settings: Pick<TraceCallGraphSettings, 'alignMs' | 'settleMs'> = TRACE_CALL_GRAPH_DEFAULTS): number {
  return (Math.floor((now - settings.settleMs) / settings.alignMs) + 1) * settings.alignMs + settings.settleMs;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The configured graph with the learned links added: a union in which every configured
 * edge stays; learned self-calls, edges under `minCalls` calls (summed over the sources)
 * and names the config could not hold are dropped; the strongest learned edges go in
 * first while the graph has room (`maxServices` services, 200 callees per caller).
 * Deterministic: the same inputs give the same graph, keys and callees sorted. With
 * nothing learned it is the configured graph itself.
 */
export function mergeCallGraph(
  configured: CallGraph,
  links: readonly DependencyLink[],
  limits: Pick<TraceCallGraphSettings, 'minCalls' | 'maxServices'> = TRACE_CALL_GRAPH_DEFAULTS,
): CallGraph {
  const calls = new Map<string, { parent: string; child: string; callCount: number }>();
  for (const { parent, child, callCount } of links) {
    if (parent === child || !fits(parent) || !fits(child)) continue;
    const key = `${parent}\0${child}`;
    const sum = calls.get(key);
    if (sum) sum.callCount += callCount;
    else calls.set(key, { parent, child, callCount });
  }
  const learned = [...calls.values()]
    .filter((l) => l.callCount >= limits.minCalls && !configured[l.parent]?.includes(l.child))
    .sort((a, b) => b.callCount - a.callCount || byName(a.parent, b.parent) || byName(a.child, b.child));
  if (learned.length === 0) return configured;

  const graph = new Map<string, Set<string>>(Object.entries(configured).map(([caller, callees]) => [caller, new Set(callees)]));
  const services = new Set<string>();
  for (const [caller, callees] of graph) for (const s of [caller, ...callees]) services.add(s);
  for (const { parent, child } of learned) {
    const added = (services.has(parent) ? 0 : 1) + (services.has(child) ? 0 : 1);
    if (services.size + added > limits.maxServices) continue;
    const callees = graph.get(parent) ?? new Set<string>();
    if (callees.size >= MAX_CALLEES) continue;
    callees.add(child);
    graph.set(parent, callees);
    services.add(parent);
    services.add(child);
  }
  return Object.fromEntries([...graph.keys()].sort(byName).map((caller) => [caller, [...graph.get(caller)!].sort(byName)]));
}

function fits(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME;
}

export interface TraceCallGraphOptions {
  sources: SourceSet;
  now: () => number;
  warn: (message: string) => void;
  settings?: Partial<TraceCallGraphSettings>;
}

/**
 * What the trace backends say calls what, refreshed on the clock-aligned schedule above.
 * Each source's last good answer is kept: a backend that fails leaves the graph as it was
 * (said once, until it answers again), never empty.
 */
export class TraceCallGraph {
  readonly settings: TraceCallGraphSettings;
  private readonly bySource = new Map<string, readonly DependencyLink[]>();
  private readonly failing = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly abort = new AbortController();
  private readonly mergedFor = new WeakMap<CallGraph, { version: number; graph: CallGraph }>();
  private learnedLinks: DependencyLink[] = [];
  private learnedKey = '[]';
  private version = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: TraceCallGraphOptions) {
    this.settings = { ...TRACE_CALL_GRAPH_DEFAULTS, ...options.settings };
  }

  /** Whether any configured source can say which service calls which. */
  get available(): boolean {
    return this.targets().length > 0;
  }

  /** Every source's last good links, in a fixed order. */
  links(): readonly DependencyLink[] {
    return this.learnedLinks;
  }

  /** `configured` with what traces taught (mergeCallGraph), the same object until the learned links change. */
  merged(configured: CallGraph): CallGraph {
    const cached = this.mergedFor.get(configured);
    if (cached && cached.version === this.version) return cached.graph;
    const graph = mergeCallGraph(configured, this.learnedLinks, this.settings);
    this.mergedFor.set(configured, { version: this.version, graph });
    return graph;
  }

  /** Called after the learned links changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks every source for the current window once (a refresh already running is joined). */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchAll().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Refreshes now, then at every slot (settleMs after it begins), until closed. */
  start(): void {
    if (this.abort.signal.aborted || this.started) return;
    this.started = true;
    const schedule = () => {
      if (this.abort.signal.aborted) return;
      const delay = Math.max(1_000, nextRefreshAt(this.options.now(), this.settings) - this.options.now());
      this.timer = setTimeout(() => void this.refresh().finally(schedule), delay);
      this.timer.unref?.();
    };
    void this.refresh().finally(schedule);
  }

  /** Stops the schedule and aborts a request in flight. */
  close(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private targets() {
    return this.options.sources.all('traces').filter(({ capability }) => typeof capability.dependencies === 'function');
  }

  private async fetchAll(): Promise<void> {
    const signal = this.abort.signal;
    const window = alignedWindow(this.options.now(), this.settings);
    if (window.endTs <= 0) return;
    await Promise.all(
      this.targets().map(async ({ source, capability }) => {
        try {
          const links = await capability.dependencies!(window, signal);
          if (signal.aborted) return;
          this.bySource.set(source.id, links);
          if (this.failing.delete(source.id)) this.options.warn(`call graph: ${source.name} answers which service calls which again`);
        } catch (error) {
          if (signal.aborted || this.failing.has(source.id)) return;
          this.failing.add(source.id);
          const kept = this.bySource.has(source.id) ? 'keeping what it said last' : 'using the configured call graph without it';
          this.options.warn(`call graph: cannot learn which service calls which from ${source.name}: ${describeError(error)}; ${kept}`);
        }
      }),
    );
    if (signal.aborted) return;
    const links = [...this.bySource.keys()].sort(byName).flatMap((id) => this.bySource.get(id)!);
    const key = JSON.stringify(links);
    if (key === this.learnedKey) return;
    this.learnedKey = key;
    this.learnedLinks = links;
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/** The tracker as this module sees it: its configured graph, and (once it has one) a way to replace it. */
export interface CorrelationGraphHolder {
  readonly config: { readonly callGraph: CallGraph };
  /** Correlation uses this graph from the next poll on. */
  setCallGraph(callGraph: CallGraph): void;
}

/**
 * Wires the learned graph into both readers: a rollback policy whose `callGraph` is always
 * the configured one (`rollback`'s) merged with the learned one, and the incident tracker's
 * correlation graph, replaced (configured ∪ learned) whenever the learned links change.
 * Without a trace source that can tell, nothing is scheduled and the policy is `rollback`.
 */
export function followTraceCallGraph(options: TraceCallGraphOptions & { incidents: CorrelationGraphHolder; rollback: RollbackPolicy }): {
  rollbackPolicy: RollbackPolicy;
  graph: TraceCallGraph;
  close(): void;
} {
  const { incidents, rollback } = options;
  const graph = new TraceCallGraph(options);
  if (!graph.available) return { rollbackPolicy: rollback, graph, close: () => graph.close() };
  const correlation = incidents.config.callGraph;
  let current = JSON.stringify(correlation);
  // Counts move with every window; the tracker and the log hear only of a graph that changed.
  graph.onChange(() => {
    const merged = graph.merged(correlation);
    const key = JSON.stringify(merged);
    if (key === current) return;
    current = key;
    incidents.setCallGraph(merged);
    options.warn(`call graph: ${describeLearned(correlation, merged)}`);
  });
  graph.start();
  const rollbackPolicy: RollbackPolicy = {
    windowMinutes: rollback.windowMinutes,
    get callGraph() {
      return graph.merged(rollback.callGraph);
    },
  };
  return { rollbackPolicy, graph, close: () => graph.close() };
}

/** "traces add 3 calls to the configured graph: a → b, …", for the log. */
export function describeLearned(configured: CallGraph, merged: CallGraph): string {
  const added = Object.entries(merged).flatMap(([caller, callees]) => callees.filter((c) => !configured[caller]?.includes(c)).map((c) => `${caller} → ${c}`));
  if (added.length === 0) return 'traces add nothing to the configured graph';
  const shown = added.slice(0, 8).join(', ');
  return `traces add ${added.length} call${added.length === 1 ? '' : 's'} to the configured graph: ${shown}${added.length > 8 ? `, and ${added.length - 8} more` : ''}`;
}
