import { LockstepApiError } from '../../shared';
import type { CatalogEntry, CatalogPlan, SourceCatalog } from '../config/source-catalog';
import { sameConfig } from '../config/source-catalog';
import type { SourceConfig } from '../config/sources';
import type { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { describeError } from '../util/errors';
import { trackTails } from './tail-tracking';

/** How long a replaced source stays open, so calls already on their way to it can finish. */
export const RETIRE_AFTER_MS = 15_000;

export interface SourceChange {
  /** "ana added Prometheus EU (prom-eu)": for the log and the consoles. */
  sentence: string;
  /** Ids added, replaced or removed. */
  changed: string[];
}

export interface SourceConfigManagerOptions {
  catalog: SourceCatalog;
  /** The live set everything reads; its members are replaced on each change. */
  set: SourceSet;
  /** Makes a running source from a config (connector, transport, health observation). */
  make(config: SourceConfig): Promise<DataSource>;
  /** Why a saved source could not be started at launch, by id. */
  problems?: ReadonlyMap<string, string>;
  log(message: string): void;
  retireAfterMs?: number;
}

/**
 * Keeps the running data sources equal to the catalog (the config file with Settings'
 * edits over it) while the services run: a saved, removed or imported source is made (or
 * refused) first, then kept in the settings store, then swapped into the one SourceSet
 * every part reads — so panels, alert polling and actions switch with their next call,
 * without a restart. A source whose config did not change keeps running untouched (its
 * connections, caches and cluster health); a replaced one is closed once calls in flight
 * had time to end. Changes run one at a time, whoever sends them.
 */
export class SourceConfigManager {
  private readonly problems: Map<string, string>;
  private readonly listeners = new Set<(change: SourceChange) => void>();
  private readonly retiring = new Set<{ timer: ReturnType<typeof setTimeout>; source: DataSource }>();
  /** How to end the live tails of each running source (services/core/tail-tracking.ts). */
  private readonly tailEnders = new Map<DataSource, (message: string) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SourceConfigManagerOptions) {
    this.problems = new Map(options.problems ?? []);
    // Before anything reads them: the sources running from the start get their tails tracked too.
    options.set.replace(options.set.sources.map((source) => this.track(source)));
  }

  entries(): CatalogEntry[] {
    return this.options.catalog.entries();
  }

  /** Why a source is not running, if it is not. */
  problemOf(id: string): string | undefined {
    return this.problems.get(id);
  }

  onChange(listener: (change: SourceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  save(json: unknown, replaces: string | undefined, actor: string): Promise<{ saved: CatalogEntry; sentence: string }> {
    return this.serialized(async () => {
      const plan = this.options.catalog.planSave({ json, ...(replaces !== undefined ? { replaces } : {}) });
      const added = replaces === undefined;
      const { config } = plan.saved;
      const sentence = `${actor} ${added ? 'added' : 'changed'} ${config.name} (${config.id})${replaces !== undefined && replaces !== config.id ? `, formerly ${replaces}` : ''}`;
      await this.apply(plan, sentence);
      return { saved: plan.saved, sentence: `${added ? 'Added' : 'Saved'} ${config.name}; panels and alert polling use it from their next refresh.` };
    });
  }

  remove(id: string, actor: string): Promise<{ sentence: string; reverted: boolean }> {
    return this.serialized(async () => {
      const plan = this.options.catalog.planRemove(id);
      const gone = plan.before.find((e) => e.config.id === id)!.config;
      await this.apply(plan, plan.reverted ? `${actor} reverted ${gone.name} (${id}) to the config file's` : `${actor} removed ${gone.name} (${id})`);
      return {
        reverted: plan.reverted,
        sentence: plan.reverted ? `${gone.name} is back to the config file's settings.` : `Removed ${gone.name}; its panels now say it is gone.`,
      };
    });
  }

  import(list: readonly unknown[], actor: string): Promise<{ added: string[]; updated: string[]; unchanged: string[] }> {
    return this.serialized(async () => {
      const plan = this.options.catalog.planImport(list);
      if (plan.added.length + plan.updated.length > 0) {
        await this.apply(plan, `${actor} imported ${plan.added.length} new and ${plan.updated.length} changed source(s): ${[...plan.added, ...plan.updated].join(', ')}`);
      }
      return { added: plan.added, updated: plan.updated, unchanged: plan.unchanged };
    });
  }

  /** Closes the sources still waiting to retire; the SourceSet closes its own members. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = [...this.retiring];
    this.retiring.clear();
    for (const entry of waiting) clearTimeout(entry.timer);
    await Promise.allSettled(waiting.map((entry) => entry.source.close?.()));
  }

  /**
   * Makes every source the plan adds or changes (a refusal changes nothing), keeps the
   * layer, then swaps the members. A source that cannot be made is refused with its words.
   */
  private async apply(plan: CatalogPlan, sentence: string): Promise<void> {
    if (this.closed) throw new LockstepApiError('unavailable', 'Lockstep is shutting down; the sources were not changed.');
    const running = new Map(this.options.set.sources.map((s) => [s.id, s]));
    const before = new Map(plan.before.map((e) => [e.config.id, e.config]));
    const made = new Map<string, DataSource>();
    try {
      for (const entry of plan.after) {
        const previous = before.get(entry.config.id);
        if (previous && running.has(entry.config.id) && sameConfig(previous, entry.config)) continue;
        try {
          made.set(entry.config.id, this.track(await this.options.make(entry.config)));
        } catch (error) {
          throw new LockstepApiError('bad_request', `${entry.config.name} cannot be started: ${describeError(error)}`);
        }
      }
      try {
        this.options.catalog.commit(plan.layer);
      } catch (error) {
        throw new LockstepApiError('unavailable', `The settings could not be saved, so nothing changed: ${describeError(error)}`);
      }
    } catch (error) {
      for (const source of made.values()) this.tailEnders.delete(source);
      await Promise.allSettled([...made.values()].map((s) => s.close?.()));
      throw error;
    }
    const next = plan.after.flatMap((entry) => {
      const source = made.get(entry.config.id) ?? running.get(entry.config.id);
      return source ? [source] : [];
    });
    const kept = new Set(next);
    const leaving = [...running.values()].filter((s) => !kept.has(s));
    this.options.set.replace(next);
    for (const id of made.keys()) this.problems.delete(id);
    for (const id of before.keys()) if (!plan.after.some((e) => e.config.id === id)) this.problems.delete(id);
    for (const source of leaving) {
      // A live tail would go on following the old address: it stops now, saying why; Live starts it on the new one.
      const removed = !next.some((n) => n.id === source.id);
      this.tailEnders.get(source)?.(`${source.name} was ${removed ? 'removed' : 'changed'} in Settings, so following it live stopped${removed ? '' : '; turn Live on again to follow the new settings'}.`);
      this.tailEnders.delete(source);
      this.retire(source);
    }
    const changed = [...new Set([...made.keys(), ...leaving.map((s) => s.id)])];
    this.options.log(`settings: ${sentence}`);
    for (const listener of this.listeners) {
      try {
        listener({ sentence, changed });
      } catch (error) {
        this.options.log(`settings: a listener failed after the change: ${describeError(error)}`);
      }
    }
  }

  private track(source: DataSource): DataSource {
    const tracked = trackTails(source);
    this.tailEnders.set(tracked.source, tracked.endTails);
    return tracked.source;
  }

  private retire(source: DataSource): void {
    const entry = {
      source,
      timer: setTimeout(() => {
        this.retiring.delete(entry);
        source.close?.().catch((error: unknown) => this.options.log(`closing the replaced source ${source.id}: ${describeError(error)}`));
      }, this.options.retireAfterMs ?? RETIRE_AFTER_MS),
    };
    entry.timer.unref?.();
    this.retiring.add(entry);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
