import { join } from 'node:path';
import { z } from 'zod';
import { PrivateJsonFile } from './private-json-file';
import { SchemaSettingsStore, type SettingsStore } from './settings-store';

/**
 * The data sources added or edited from a console's Settings, kept over the config file
 * given at start: an entry whose id is a file source's replaces it (an edit), any other is
 * added. Each entry is the config JSON as saved, checked against the config schema when it
 * is read (services/core/source-catalog.ts), so one entry a newer or older Lockstep cannot
 * read is skipped with a warning rather than losing the others.
 */
export const SourceLayerSchema = z.object({
  version: z.literal(1).default(1),
  sources: z.array(z.record(z.string(), z.unknown())).max(200).default([]),
});
export type SourceLayer = z.infer<typeof SourceLayerSchema>;

/** What a host's settings store must hold for Settings to keep its sources. */
export interface SourceLayerSettings {
  sourceLayer?: SourceLayer;
}

/**
 * The web host's settings document (settings.json beside its other state): loose, so
 * keys another part of the host keeps there are carried through an update untouched.
 */
export const WebSettingsSchema = z.looseObject({ sourceLayer: SourceLayerSchema.optional() });

/** `settings.json` under the data dir, 0600 in a 0700 folder (services/settings/private-json-file.ts). */
export function openWebSettings(dataDir: string, warn?: (message: string) => void): { store: SettingsStore<SourceLayerSettings>; path: string } {
  const path = join(dataDir, 'settings.json');
  return { store: new SchemaSettingsStore(WebSettingsSchema, new PrivateJsonFile(path, warn), warn), path };
}
