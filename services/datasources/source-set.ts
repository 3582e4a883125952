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

/** The configured sources, and which one answers a signal when a request names none. */
export class SourceSet {
  constructor(readonly sources: readonly DataSource[]) {}

  pick<S extends Signal>(signal: S, sourceId?: string): { source: DataSource; capability: CapabilityOf[S] } {
    const candidates = sourceId ? this.sources.filter((s) => s.id === sourceId) : this.sources;
    if (sourceId && candidates.length === 0) {
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
