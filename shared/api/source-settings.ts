import { z } from 'zod';
import { SourceInfoSchema, SourceKindSchema } from './session';

/**
 * The settings screen's messages: data sources as configured, added, edited, removed and
 * tested from a console, and the secrets they name. A source's config travels as JSON and
 * is checked by the services against the one config schema (services/config/sources.ts),
 * whose error names the field that is wrong. Secrets only ever travel towards the
 * services (setCredential); nothing here carries one back.
 */

/** A source's config as the config file has it; the services validate it field by field. */
export const SourceConfigJsonSchema = z.record(z.string(), z.unknown());

/** Where a source comes from: the config file given at start (cannot be removed here), the file's source edited here, or added here. */
export const SourceOriginSchema = z.enum(['file', 'edited', 'added']);
export type SourceOrigin = z.infer<typeof SourceOriginSchema>;

/** A credential a source names: never the secret, only whether one is stored under that name. */
export const CredentialUseSchema = z.object({ name: z.string(), set: z.boolean() });

export const SourceSettingSchema = z.object({
  id: z.string(),
  kind: SourceKindSchema,
  name: z.string(),
  origin: SourceOriginSchema,
  /** The config as given (file) or saved (here): what the edit form starts from. No secrets: a config names credentials. */
  config: SourceConfigJsonSchema,
  credentials: z.array(CredentialUseSchema),
  /** The environment variables that set some of its fields (LOCKSTEP_SOURCE_<ID>_URL, …). */
  fromEnvironment: z.array(z.string()).default([]),
  /** Why it is not running, when it could not be started. */
  problem: z.string().optional(),
});
export type SourceSetting = z.infer<typeof SourceSettingSchema>;

/** How this host keeps secrets, said plainly: what it protects against, and whether it can store one at all. */
export const CredentialProtectionSchema = z.object({
  kind: z.enum(['os-keyring', 'key-file', 'unavailable']),
  canStore: z.boolean(),
  sentence: z.string(),
});
export type CredentialProtection = z.infer<typeof CredentialProtectionSchema>;

export const SourceSettingsListSchema = z.object({
  sources: z.array(SourceSettingSchema),
  /** Where the base config came from: "/etc/lockstep.json", "the embedded demo fleet". */
  configOrigin: z.string(),
  /** Where edits made here are kept. */
  savedIn: z.string(),
  credentials: CredentialProtectionSchema,
  /** Names of the secrets stored on this host (never the secrets). */
  storedCredentials: z.array(z.string()),
  /** The source kinds this host can run (the embedded demo only where the host includes it). */
  kinds: z.array(SourceKindSchema),
});
export type SourceSettingsList = z.infer<typeof SourceSettingsListSchema>;

/** Who made a change: filled in by the host from the credential or the OS user, whatever the page sends. */
const author = z.string().max(100).optional();

export const SaveSourceRequestSchema = z.object({
  source: SourceConfigJsonSchema,
  /** The id of the source this edits; absent to add one. */
  replaces: z.string().min(1).max(100).optional(),
  author,
});

export const SaveSourceResultSchema = z.object({ saved: SourceSettingSchema, sentence: z.string() });

export const RemoveSourceRequestSchema = z.object({ id: z.string().min(1).max(100), author });
export const RemoveSourceResultSchema = z.object({ sentence: z.string(), reverted: z.boolean() });

export const TestSourceRequestSchema = z.object({ source: SourceConfigJsonSchema });

export const TestCheckSchema = z.object({ what: z.string(), ok: z.boolean(), sentence: z.string() });

export const TestSourceResultSchema = z.object({
  ok: z.boolean(),
  /**
   * "ok", or what failed: "invalid" (the config), a transport problem (dns, refused,
   * tls_untrusted, proxy_refused, unauthorized, forbidden, html, …), "wrong_product",
   * "unsupported_version", "missing_series", "no_data", "setup".
   */
  kind: z.string(),
  /** One sentence: what answered, or exactly what failed and what to check. */
  sentence: z.string(),
  product: z.string().optional(),
  version: z.string().optional(),
  /** Each step, in order, for whoever wants the detail. */
  checks: z.array(TestCheckSchema),
  tookMs: z.number(),
});
export type TestSourceResult = z.infer<typeof TestSourceResultSchema>;

export const SetCredentialRequestSchema = z.object({
  name: z.string().min(1).max(64),
  /** Sent once, to the services' credential store; never sent back, never logged. */
  secret: z.string().min(1).max(16 * 1024),
  author,
});
export const CredentialResultSchema = z.object({ name: z.string(), sentence: z.string() });
export const DeleteCredentialRequestSchema = z.object({ name: z.string().min(1).max(64), author });

export const ExportSourcesResultSchema = z.object({ fileName: z.string(), text: z.string(), count: z.number().int() });

export const ImportSourcesRequestSchema = z.object({ text: z.string().min(1).max(1024 * 1024), author });
export const ImportSourcesResultSchema = z.object({
  sentence: z.string(),
  added: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  /** Credentials the imported sources name that have no secret on this host yet: set each once. */
  credentialsToSet: z.array(z.string()),
});

/** Pushed when the sources change (saved, removed, imported): consoles reload their session and panels. */
export const SourcesChangedEventSchema = z.object({ sources: z.array(SourceInfoSchema), sentence: z.string() });
