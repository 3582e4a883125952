import type { SourceSet } from '../datasources/source-set';
import type { SourceHealth } from '../health/source-health';

/**
 * The parts that look at the source list once, when they start (the Prometheus probe and
 * its ids, deploy polling, escalation and note renewers): each is registered with how to
 * start it, and started again when Settings changes the sources. The rest of the services
 * read the SourceSet on every call and need nothing.
 */
export class SourceFollowers {
  private readonly parts: { start: () => () => void; stop: () => void }[] = [];

  follow(start: () => () => void): void {
    this.parts.push({ start, stop: start() });
  }

  restartAll(): void {
    for (const part of this.parts) {
      part.stop();
      part.stop = part.start();
    }
  }

  stopAll(): void {
    for (const part of this.parts) part.stop();
    this.parts.length = 0;
  }
}

/**
 * A source replaced by one that no longer warns (TLS verification turned back on) must
 * not keep the old warning in the header: health keeps a source's warning until told.
 */
export function clearStaleWarnings(health: SourceHealth, sources: SourceSet, changed: readonly string[]): void {
  const current = new Map(health.current().map((s) => [s.source, s]));
  for (const id of changed) {
    const source = sources.sources.find((s) => s.id === id);
    if (source && !source.warning && current.get(id)?.warning) health.warn(id, '');
  }
}

/** Statuses of the sources running now: one removed in Settings is no longer shown. */
export function runningStatuses(health: SourceHealth, sources: SourceSet) {
  const ids = new Set(sources.sources.map((s) => s.id));
  return health.current().filter((status) => ids.has(status.source));
}
