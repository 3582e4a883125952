import { LockstepApiError, type Signal, type SourceInfo } from '../../shared';
import type {
  AlertsCapability,
  DataSource,
  DeploysCapability,
  LogsCapability,
  MetricsCapability,
  TracesCapability,
} from './types';

interface CapabilityOf {
  metrics: MetricsCapability;
  alerts: AlertsCapability;
  logs: LogsCapability;
  traces: TracesCapability;
  deploys: DeploysCapability;
}

/**
 * The configured sources, and which one answers a signal when a request names none. The
 * members can be replaced while running (Settings adds, edits and removes sources:
 * services/core/source-config-manager.ts); everything that holds the set reads the current
 * members on each call, so panels and alert polls switch with the next call.
 */
export class SourceSet {
  private members: readonly DataSource[];
  /** Sources removed while running, by id, so a panel still asking for one is told why. */
  private readonly removed = new Map<string, string>();

  constructor(sources: readonly DataSource[]) {
    this.members = sources;
  }

  get sources(): readonly DataSource[] {
    return this.members;
  }

  /** Makes `next` the members; the caller closes the ones that left (after their calls in flight end). */
  replace(next: readonly DataSource[]): void {
    const staying = new Set(next.map((s) => s.id));
    for (const source of this.members) if (!staying.has(source.id)) this.removed.set(source.id, source.name);
    for (const id of staying) this.removed.delete(id);
    this.members = next;
  }

  pick<S extends Signal>(signal: S, sourceId?: string): { source: DataSource; capability: CapabilityOf[S] } {
    const candidates = sourceId ? this.sources.filter((s) => s.id === sourceId) : this.sources;
    if (sourceId && candidates.length === 0) {
      const name = this.removed.get(sourceId);
      if (name !== undefined) throw new LockstepApiError('not_found', `The data source "${name}" (${sourceId}) was removed in Settings; point this at another source.`);
      throw new LockstepApiError('not_found', `There is no data source called "${sourceId}".`);
    }
    for (const source of candidates) {
      const capability = source[signal] as CapabilityOf[S] | undefined;
      if (capability) return { source, capability };
    }
    throw new LockstepApiError(
      'unavailable',
      sourceId
        ? `The data source "${sourceId}" does not provide ${signal}.`
        : `No configured data source provides ${signal}.`,
    );
  }

  /** Every source providing `signal` (alerts are merged from all of them). */
  all<S extends Signal>(signal: S): { source: DataSource; capability: CapabilityOf[S] }[] {
    return this.sources.flatMap((source) => {
      const capability = source[signal] as CapabilityOf[S] | undefined;
      return capability ? [{ source, capability }] : [];
    });
  }

  has(signal: Signal): boolean {
    return this.sources.some((s) => s[signal] !== undefined);
  }

  describe(): SourceInfo[] {
    const signals: Signal[] = ['metrics', 'alerts', 'logs', 'traces', 'deploys'];
    return this.sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      name: s.name,
      signals: signals.filter((signal) => s[signal] !== undefined),
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    }));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.sources.map((s) => s.close?.()));
  }
}
