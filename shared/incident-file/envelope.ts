import { z } from 'zod';
import { MAX_INCIDENT_FILE_BYTES } from '../api/bundle';

/**
 * The sealed incident file (format 1), one UTF-8 JSON document:
 *
 *   { "format": "lockstep.incident-file", "version": 1, "bytes": <the file's own length in bytes>,
 *     "manifest": { formatVersion, app, models, exportedBy, exportedAt, window, incident,
 *                   parts: { <name>: { sha256, bytes } }, sha256 },
 *     "parts": { <name>: { "encoding": "gzip+base64" | "json+base64", "data": "<base64>" } },
 *     "signature"?: { "alg": "Ed25519", "publicKey": "<base64, raw 32 bytes>", "value": "<base64>" } }
 *
 * The header (format, version, bytes) is written first and in that order, so a reader can
 * tell a truncated or extended file from its first hundred bytes, before parsing anything.
 * Each part is the UTF-8 JSON of some fields of the bundle (shared/incident-file/parts.ts),
 * gzipped only when that is smaller, then base64'd; the manifest holds the SHA-256 and size
 * of each part's JSON bytes, and its own `sha256` is over the canonical JSON of the manifest
 * without that field (shared/incident-file/canonical.ts). The signature is Ed25519 over the
 * canonical JSON of the whole manifest, so it covers every part through its hash.
 * Format 0 is the unsealed plain JSON bundle (`*.lockstep.json`) of earlier versions.
 */
export const INCIDENT_FILE_FORMAT = 'lockstep.incident-file';
export const INCIDENT_FILE_VERSION = 1;
export const INCIDENT_FILE_EXTENSION = '.lockstep';

/** Limits checked before anything is parsed or inflated (shared/api/bundle.ts explains the 100 MB). */
export const INCIDENT_FILE_LIMITS = {
  fileBytes: MAX_INCIDENT_FILE_BYTES,
  /** All parts together, uncompressed: what the parsed bundle costs in memory is a few times this. */
  uncompressedBytes: 400_000_000,
  parts: 32,
} as const;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex');
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64');

export const PartEntrySchema = z.object({ sha256: Sha256Hex, bytes: z.number().int().nonnegative() });

export const ManifestSchema = z.object({
  formatVersion: z.literal(INCIDENT_FILE_VERSION),
  app: z.object({ name: z.literal('Lockstep'), version: z.string().max(100) }),
  /** The version of each model carried (shared/incident-file/models.ts). */
  models: z.record(z.string().max(50), z.number().int().positive()),
  exportedBy: z.string().max(200),
  exportedAt: z.number(),
  window: z.object({ start: z.number(), end: z.number() }),
  incident: z.object({ id: z.string().max(500), title: z.string().max(2000) }),
  parts: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), PartEntrySchema),
  sha256: Sha256Hex,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const PartEncodingSchema = z.enum(['gzip+base64', 'json+base64']);

export const SignatureSchema = z.object({
  alg: z.literal('Ed25519'),
  publicKey: Base64.max(100),
  value: Base64.max(200),
});
export type IncidentFileSignature = z.infer<typeof SignatureSchema>;

export const EnvelopeSchema = z.object({
  format: z.literal(INCIDENT_FILE_FORMAT),
  version: z.number().int(),
  bytes: z.number().int().positive(),
  manifest: z.unknown(),
  parts: z.record(z.string(), z.object({ encoding: PartEncodingSchema, data: Base64 })),
  signature: SignatureSchema.optional(),
});
