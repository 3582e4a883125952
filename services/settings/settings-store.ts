import { z } from 'zod';
import type { DocumentStore } from './document-store';

/** What a host remembers between runs, validated on every read and write. */
export interface SettingsStore<T> {
  read(): T;
  /** Merges `patch` into the current settings, validates the result and saves it; throws on an invalid patch. */
  update(patch: Partial<T>): T;
}

/**
 * Settings kept in a DocumentStore and parsed with `schema` on every read, so a hand-edited
 * file cannot smuggle in a wrong type. The schema must accept `{}` (its defaults).
 */
export class SchemaSettingsStore<S extends z.ZodType<Record<string, unknown>>> implements SettingsStore<z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly raw: DocumentStore,
    private readonly warn: (message: string) => void = (m) => console.warn(`[lockstep] ${m}`),
  ) {}

  read(): z.output<S> {
    let document: unknown;
    try {
      document = this.raw.store;
    } catch (error) {
      this.warn(`The settings file could not be read (${String(error)}); using defaults.`);
      return this.defaults();
    }
    const parsed = this.schema.safeParse(document);
    if (parsed.success) return parsed.data;
    this.warn(`The settings file has invalid values, so defaults are used until you change a setting:\n${z.prettifyError(parsed.error)}`);
    return this.defaults();
  }

  update(patch: Partial<z.output<S>>): z.output<S> {
    const next = this.schema.parse({ ...this.read(), ...patch });
    this.raw.store = next;
    return next;
  }

  private defaults(): z.output<S> {
    return this.schema.parse({});
  }
}
