import { z } from 'zod';
import type { CredentialProtection } from '../../shared';

/**
 * Names of stored credentials, as a source config refers to them
 * (`"auth": {"type": "bearer", "credential": "prom-token"}`). The secret itself is never
 * in the config file, never in a log and never sent to a renderer.
 */
export const CredentialNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'credential names are letters, digits, dots, dashes and underscores (at most 64)');

/** A secret goes into an HTTP header, so a line break in it would be a header injection. */
export const CredentialSecretSchema = z
  .string()
  .min(1, 'the secret is empty')
  .max(16 * 1024, 'the secret is longer than 16 KB')
  .refine((s) => !/[\r\n\0]/.test(s), 'the secret holds a line break or NUL; store it without one');

/** What the services need: read a secret by name, and tell a person how to store a missing one. */
export interface CredentialReader {
  /** The secret stored under `name`; undefined when none is. Throws when one is stored but cannot be read. */
  get(name: string): Promise<string | undefined>;
  /** How to store one on this host, e.g. "npm run credentials -- set prom-token". */
  howToAdd(name: string): string;
}

/** A host's credential store (the web host's encrypted file, the desktop's safeStorage). */
export interface CredentialStore extends CredentialReader {
  set(name: string, secret: string): Promise<void>;
  /** True when there was one to delete. */
  delete(name: string): Promise<boolean>;
  names(): Promise<string[]>;
  /** How secrets are protected here, in words for the settings screen, and whether one can be stored at all. */
  protection?(): Promise<CredentialProtection>;
}

/** A reader that can also store: the settings screen sets and deletes secrets through it. */
export function isCredentialStore(reader: CredentialReader | undefined): reader is CredentialStore {
  const store = reader as Partial<CredentialStore> | undefined;
  return typeof store?.set === 'function' && typeof store.delete === 'function' && typeof store.names === 'function';
}
