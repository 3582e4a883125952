import { z } from 'zod';

/** What the desk remembers between runs. Never credentials: those live in credentials.ts. */
export const SettingsSchema = z.object({
  /** A LockstepConfig JSON file; without it (and without LOCKSTEP_CONFIG) the embedded demo runs. */
  configPath: z.string().min(1).optional(),
  /** Wall screens restart straight into full screen. */
  startFullScreen: z.boolean().default(false),
  /** The name actions are recorded under when the OS user name is not the person's. */
  actorName: z.string().min(1).max(100).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** electron-store (and its base, conf) expose the whole document as `store`. */
export interface RawStore {
  get store(): Record<string, unknown>;
  set store(value: Record<string, unknown>);
}

export class SettingsStore {
  constructor(
    private readonly raw: RawStore,
    private readonly warn: (message: string) => void = (m) => console.warn(`[lockstep] ${m}`),
  ) {}

  /** Parsed on every read: a hand-edited file must not smuggle in a wrong type. */
  read(): Settings {
    let document: unknown;
    try {
      document = this.raw.store;
    } catch (error) {
      this.warn(`The settings file could not be read (${String(error)}); using defaults.`);
      return { ...DEFAULT_SETTINGS };
    }
    const parsed = SettingsSchema.safeParse(document);
    if (parsed.success) return parsed.data;
    this.warn(`The settings file has invalid values, so defaults are used until you change a setting:\n${z.prettifyError(parsed.error)}`);
    return { ...DEFAULT_SETTINGS };
  }

  update(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.read(), ...patch });
    this.raw.store = next;
    return next;
  }
}
