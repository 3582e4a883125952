import { z } from 'zod';
import type { DocumentStore } from '../../services/settings/document-store';
import { SchemaSettingsStore } from '../../services/settings/settings-store';
import { SourceLayerSchema } from '../../services/settings/source-layer';

/** What the desk remembers between runs. Never credentials: those live in credentials.ts. */
export const SettingsSchema = z.object({
  /** A LockstepConfig JSON file; without it (and without LOCKSTEP_CONFIG) the embedded demo runs. */
  configPath: z.string().min(1).optional(),
  /** Wall screens restart straight into full screen. */
  startFullScreen: z.boolean().default(false),
  /** The name actions are recorded under when the OS user name is not the person's. */
  actorName: z.string().min(1).max(100).optional(),
  /** Sources added or edited in Settings, kept over the config file's (services/settings/source-layer.ts). No secrets: those are in credentials.ts. */
  sourceLayer: SourceLayerSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** electron-store (and its base, conf) expose the whole document as `store`: a DocumentStore. */
export type RawStore = DocumentStore;

/** The desk's settings in electron-store, parsed on every read (services/settings does the work). */
export class SettingsStore extends SchemaSettingsStore<typeof SettingsSchema> {
  constructor(raw: RawStore, warn?: (message: string) => void) {
    super(SettingsSchema, raw, warn);
  }
}
