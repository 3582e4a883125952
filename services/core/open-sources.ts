import type { LockstepConfig, SourceConfig } from '../config/sources';
import { SourceCatalog } from '../config/source-catalog';
import { createDataSource } from '../datasources/registry';
import type { DataSource } from '../datasources/types';
import { openWebSettings } from '../settings/source-layer';
import { describeError } from '../util/errors';
import type { ServicesOptions } from './lockstep-services';

/** The sources in effect at start, and how to make more: what the composition root hands the SourceConfigManager. */
export interface OpenedSources {
  catalog: SourceCatalog;
  dataSources: DataSource[];
  /** Sources saved in Settings that could not be started, with why (the file's must start, or the console does not). */
  problems: Map<string, string>;
  make(config: SourceConfig): Promise<DataSource>;
  configOrigin: string;
  savedIn: string;
}

/**
 * The config file's sources with the ones saved in Settings layered over them
 * (services/config/source-catalog.ts), each made into a running source. A file source that
 * cannot start stops the start, as it always did; one saved in Settings is left out with
 * its reason, shown in Settings, so one bad edit cannot keep the console from opening.
 */
export async function openSources(config: LockstepConfig, options: ServicesOptions, warn: (message: string) => void): Promise<OpenedSources> {
  const settings = options.sourceSettings ?? (() => {
    const web = openWebSettings(options.dataDir, warn);
    return { store: web.store, savedIn: web.path };
  })();
  const catalog = new SourceCatalog(config.sources, settings.store, options.environment ?? [], warn);
  const make = (source: SourceConfig) => createDataSource(source, options.embeddedSource, options.credentials, options.columnsThread);
  const problems = new Map<string, string>();
  const dataSources: DataSource[] = [];
  try {
    for (const entry of catalog.entries()) {
      if (entry.origin === 'file') {
        dataSources.push(await make(entry.config));
        continue;
      }
      try {
        dataSources.push(await make(entry.config));
      } catch (error) {
        problems.set(entry.config.id, `${entry.config.name} could not be started: ${describeError(error)}`);
        warn(`settings: ${entry.config.name} (${entry.config.id}), saved in Settings, could not be started and is left out: ${describeError(error)}`);
      }
    }
  } catch (error) {
    await Promise.allSettled(dataSources.map((s) => s.close?.()));
    throw error;
  }
  return { catalog, dataSources, problems, make, configOrigin: options.configOrigin ?? 'the config given at start', savedIn: settings.savedIn };
}
