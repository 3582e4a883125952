import { strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { BUNDLE_FORMAT, type IncidentBundle, IncidentBundleSchema } from '../api/bundle';
import { decodeBase64 } from '../text/base64';
import { canonicalJson } from './canonical';
import { EnvelopeSchema, INCIDENT_FILE_FORMAT, INCIDENT_FILE_LIMITS, INCIDENT_FILE_VERSION, ManifestSchema } from './envelope';
import { gunzipCapped } from './inflate';
import { manifestDigest } from './seal';
import { migrateBundleJson } from './migrations';
import { MODEL_VERSIONS } from './models';
import { EXTRA_PART, HEADER_FIELDS, PART_FIELDS } from './parts';
import { megabytes, megabytesUp } from './sizes';
import { markOpen } from './open-marks';
import { keyFingerprint, sha256Hex, toHex, verifyEd25519 } from './web-crypto';

/**
 * How far the file can be trusted: `verified` = signed by a key this console trusts;
 * `unknown-signer` = intact and signed, but by a key not in the trusted list;
 * `unsigned` = intact (hashes match) but anyone could have written it; `format-0` = an
 * unsealed export from before incident files were sealed.
 */
export type VerificationState = 'verified' | 'unknown-signer' | 'unsigned' | 'format-0';
export interface Verification {
  state: VerificationState;
  exportedBy: string;
  /** When the signer says it exported the file (the manifest's exportedAt; only for signed files). */
  signedAt?: number;
  fingerprint?: string;
  /** The signer's raw public key (base64), to name it from the trusted list. */
  publicKey?: string;
  appVersion?: string;
}

export type ReadIncidentFileResult = { ok: true; bundle: IncidentBundle; verification: Verification } | { ok: false; problem: string };

export interface ReadOptions {
  /** Raw Ed25519 public keys (base64) whose signature makes a file `verified`. */
  trustedKeys: readonly string[];
  limits?: Partial<typeof INCIDENT_FILE_LIMITS>;
}

const SEALED_HEADER = /^\{"format":"lockstep\.incident-file","version":(\d{1,6}),"bytes":(\d{1,15})[,}]/;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A refusal: one sentence, `<file> was not opened: <why>.` */
class Refusal extends Error {}
const refuse = (why: string): never => {
  throw new Refusal(why);
};

/**
 * Opens an incident file (sealed, or format 0) from its bytes or text. Never throws: any
 * problem is one sentence naming the part and the check that failed. Sizes are checked
 * before anything is parsed, and each part's inflation is capped at its declared size.
 */
export async function readIncidentFile(name: string, file: Uint8Array | string, options: ReadOptions): Promise<ReadIncidentFileResult> {
  const limits = { ...INCIDENT_FILE_LIMITS, ...options.limits };
  try {
    // A string never has more UTF-16 units than UTF-8 bytes, so a string over the limit is refused before being encoded.
    if (file.length > limits.fileBytes) refuse(tooLarge(file.length, limits.fileBytes));
    const bytes = typeof file === 'string' ? strToU8(file) : file;
    if (bytes.length > limits.fileBytes) refuse(tooLarge(bytes.length, limits.fileBytes));
    const head = strFromU8(bytes.subarray(0, 120), true);
    const sealed = SEALED_HEADER.exec(head);
    if (sealed) return await readSealed(bytes, Number(sealed[1]), Number(sealed[2]), options, limits);
    if (head.startsWith(`{"format":"${INCIDENT_FILE_FORMAT}"`)) refuse('its header is damaged (the format, version and length at its start cannot be read)');
    return readFormat0(bytes);
  } catch (error) {
    const why = error instanceof Refusal ? error.message : `reading it failed unexpectedly (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, problem: `${name} was not opened: ${why}.` };
  }
}

function tooLarge(bytes: number, limit: number): string {
  return `the file is ${megabytesUp(bytes)} and Lockstep opens incident files up to ${megabytesUp(limit)}, so check that it is an incident export`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return refuse(`${what} is not valid JSON, so the file was damaged or is not an incident file`);
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'unknown problem';
}

/** Today's unsealed `*.lockstep.json` (format 0): opened, migrated, and marked unverified. */
function readFormat0(bytes: Uint8Array): ReadIncidentFileResult {
  const text = strFromU8(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const looksLikeOurs = text.trimStart().startsWith(`{"format":"${BUNDLE_FORMAT}"`);
    return refuse(looksLikeOurs ? `the file ends early or is damaged (its JSON stops being valid before the end, at ${megabytes(bytes.length)})` : 'this is not a Lockstep incident file: it is not JSON');
  }
  if (!isObject(json) || json.format !== BUNDLE_FORMAT) refuse('this is not a Lockstep incident file: it has neither the sealed header nor the older "lockstep.incident" format');
  const doc = json as Json;
  const migrated = migrateBundleJson(doc, typeof doc.version === 'number' ? doc.version : NaN);
  if (!migrated.ok) return refuse(migrated.problem);
  const parsed = IncidentBundleSchema.safeParse(migrated.doc);
  if (!parsed.success) return refuse(`this format 0 incident file is not valid (${firstIssue(parsed.error)})`);
  return { ok: true, bundle: parsed.data, verification: { state: 'format-0', exportedBy: parsed.data.exportedBy } };
}

async function readSealed(bytes: Uint8Array, version: number, declared: number, options: ReadOptions, limits: typeof INCIDENT_FILE_LIMITS): Promise<ReadIncidentFileResult> {
  if (version > INCIDENT_FILE_VERSION) refuse(`it was written by a newer Lockstep (incident file format ${version}; this version reads up to ${INCIDENT_FILE_VERSION}), so update Lockstep to open it`);
  if (version < 1) refuse(`its format version ${version} is not one Lockstep ever wrote`);
  if (bytes.length < declared) refuse(`the file ends early (truncated at ${megabytes(bytes.length)} of ${megabytes(declared)}), so copy it again from where it was exported`);
  if (bytes.length > declared) refuse(`the file is ${(bytes.length - declared).toLocaleString('en')} bytes longer than its header says, so something was added to it after export`);

  markOpen('read-start');
  const envelope = EnvelopeSchema.safeParse(parseJson(strFromU8(bytes), 'the file'));
  markOpen('envelope-parsed');
  if (!envelope.success) return refuse(`its envelope is not valid (${firstIssue(envelope.error)})`);
  const { manifest: rawManifest, parts, signature } = envelope.data;
  const manifestResult = ManifestSchema.safeParse(rawManifest);
  if (!manifestResult.success) return refuse(`its manifest is not valid (${firstIssue(manifestResult.error)})`);
  const manifest = manifestResult.data;
  // The hash and signature cover the manifest as written, unknown fields included, so nothing can be slipped in beside them.
  const written = rawManifest as Json;

  for (const [model, known] of Object.entries(MODEL_VERSIONS)) {
    const theirs = manifest.models[model] ?? 1;
    if (theirs > known) refuse(`its ${model} model is version ${theirs} and this Lockstep reads up to version ${known}, so update Lockstep to open it`);
  }
  if ((await manifestDigest(written)) !== manifest.sha256) refuse('the manifest does not match its SHA-256, so the file was changed or damaged after export');

  const names = Object.keys(manifest.parts);
  if (names.length > limits.parts) refuse(`it has ${names.length} parts and Lockstep reads at most ${limits.parts}`);
  for (const part of names) if (!parts[part]) refuse(`the part "${part}" listed in its manifest is missing from the file`);
  for (const part of Object.keys(parts)) if (!manifest.parts[part]) refuse(`it carries a part "${part}" that its manifest does not list`);
  const total = names.reduce((sum, part) => sum + manifest.parts[part]!.bytes, 0);
  if (total > limits.uncompressedBytes) refuse(`its parts would take ${megabytesUp(total)} uncompressed and Lockstep opens incident files up to ${megabytesUp(limits.uncompressedBytes)}`);

  markOpen('manifest-hashed');
  // The signature check and every part's inflate, hash and parse run together: each WebCrypto
  // call is a hop to another thread, and one after the other they cost a hop each (under load,
  // most of the open time). Nothing is returned before all of them passed, and a failure is
  // reported in a fixed order (signature, then the parts as the manifest lists them), so the
  // refusal names the same check whichever finished first.
  const [signed, ...read] = await Promise.allSettled([
    verify(signature, written, manifest.exportedBy, manifest.exportedAt, manifest.app.version, options.trustedKeys).then((v) => (markOpen('signature-verified'), v)),
    ...names.map((part) => readPart(part, parts[part]!, manifest.parts[part]!)),
  ]);
  const fields: Json = {};
  for (const outcome of [signed!, ...read]) if (outcome.status === 'rejected') throw outcome.reason;
  const verification = (signed as PromiseFulfilledResult<Verification>).value;
  for (const outcome of read) Object.assign(fields, (outcome as PromiseFulfilledResult<Json>).value);
  const migrated = migrateBundleJson(
    { ...fields, format: BUNDLE_FORMAT, version: manifest.models.bundle ?? 1, exportedAt: manifest.exportedAt, exportedBy: manifest.exportedBy, window: manifest.window },
    manifest.models.bundle ?? 1,
  );
  markOpen('parts-read');
  if (!migrated.ok) return refuse(migrated.problem);
  const bundle = validateByPart(migrated.doc);
  markOpen('validated');
  return { ok: true, bundle, verification };
}

async function verify(
  signature: z.infer<typeof EnvelopeSchema>['signature'],
  manifest: Json,
  exportedBy: string,
  exportedAt: number,
  appVersion: string,
  trustedKeys: readonly string[],
): Promise<Verification> {
  if (!signature) return { state: 'unsigned', exportedBy, appVersion };
  const publicKey = decodeBase64(signature.publicKey);
  const value = decodeBase64(signature.value);
  if (!publicKey || publicKey.length !== 32) return refuse('its signature names a public key that is not a 32-byte Ed25519 key');
  if (!value || !(await verifyEd25519(publicKey, value, strToU8(canonicalJson(manifest))))) {
    return refuse('its signature does not match its manifest, so the file was changed after it was signed');
  }
  const hex = toHex(publicKey);
  const trusted = trustedKeys.some((key) => {
    const bytes = decodeBase64(key.trim());
    return bytes !== undefined && toHex(bytes) === hex;
  });
  return { state: trusted ? 'verified' : 'unknown-signer', exportedBy, signedAt: exportedAt, fingerprint: await keyFingerprint(publicKey), publicKey: signature.publicKey, appVersion };
}

async function readPart(part: string, stored: { encoding: string; data: string }, entry: { sha256: string; bytes: number }): Promise<Json> {
  const decoded = decodeBase64(stored.data);
  if (!decoded) return refuse(`the part "${part}" is not valid base64, so the file was damaged`);
  let raw = decoded;
  if (stored.encoding === 'gzip+base64') {
    const inflated = gunzipCapped(decoded, entry.bytes);
    if (!inflated.ok) {
      return refuse(
        inflated.why === 'too-large'
          ? `the part "${part}" inflates past the ${entry.bytes.toLocaleString('en')} bytes its manifest declares (a compression bomb or a damaged file)`
          : `the part "${part}" is not valid gzip, so the file was damaged`,
      );
    }
    raw = inflated.bytes;
  }
  if (raw.length !== entry.bytes) refuse(`the part "${part}" is ${raw.length.toLocaleString('en')} bytes where its manifest declares ${entry.bytes.toLocaleString('en')}, so the file was damaged`);
  if ((await sha256Hex(raw)) !== entry.sha256) refuse(`the part "${part}" does not match its SHA-256, so the file was changed or damaged after export`);
  const json = parseJson(strFromU8(raw), `the part "${part}"`);
  if (!isObject(json)) return refuse(`the part "${part}" is not a JSON object`);
  const expected = new Set(part === EXTRA_PART ? extraFields() : (PART_FIELDS[part] ?? []));
  for (const field of Object.keys(json)) {
    if (!expected.has(field)) refuse(`the part "${part}" carries "${field}", which this version of Lockstep does not know, so update Lockstep to open it`);
  }
  return json;
}

const shape = IncidentBundleSchema.shape as Record<string, z.ZodType>;
const listed = new Set([...HEADER_FIELDS, ...Object.values(PART_FIELDS).flat()]);
/** Bundle fields that no named part lists (added to the model later): they travel in the part "more". */
const extraFields = () => Object.keys(shape).filter((field) => !listed.has(field));

/** Validates the migrated bundle one part's fields at a time, so a schema failure names its part. */
function validateByPart(doc: Json): IncidentBundle {
  const groups: Array<[string, readonly string[]]> = [['manifest', HEADER_FIELDS], ...Object.entries(PART_FIELDS), [EXTRA_PART, extraFields()]];
  const out: Json = {};
  for (const [part, fields] of groups) {
    const present = fields.filter((field) => field in shape);
    const schema = z.object(Object.fromEntries(present.map((field) => [field, shape[field]!])));
    const parsed = schema.safeParse(Object.fromEntries(present.filter((f) => f in doc).map((f) => [f, doc[f]])));
    if (!parsed.success) refuse(`the ${part === 'manifest' ? 'manifest' : `part "${part}"`} does not match this Lockstep's model (${firstIssue(parsed.error)})`);
    Object.assign(out, parsed.data);
  }
  // Every field of IncidentBundleSchema was validated by exactly one group above.
  return out as IncidentBundle;
}
