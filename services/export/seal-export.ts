import { gzipSync } from 'node:zlib';
import { BUNDLE_EXTENSION, type IncidentBundle, MAX_INCIDENT_FILE_BYTES } from '../../shared/api/bundle';
import { LockstepApiError } from '../../shared/api/contract';
import { INCIDENT_FILE_EXTENSION } from '../../shared/incident-file/envelope';
import { sealIncidentFile } from '../../shared/incident-file/seal';
import type { InstallSigningKey } from '../signing/install-key';

export interface SealDeps {
  signingKey: InstallSigningKey;
  /** package.json's version, written into the manifest. */
  appVersion: string;
}

/**
 * Native zlib at level 1: on 13 MB of panel data it took 202 ms against 715 ms at level 6
 * (and fflate's 1.3 s) for a file 12% larger — the export's time budget (3 s for a 2-hour
 * incident) matters more than its size budget (20 MB), which it stays far below.
 *
 * Turns the collected bundle into the sealed file (shared/incident-file/envelope.ts),
 * signed with this install's key, as the base64 the API carries. A file the console could
 * not open again (over 100 MB) is refused here rather than saved.
 */
export async function sealExport(exported: { fileName: string; bundle: IncidentBundle }, deps: SealDeps): Promise<{ fileName: string; file: string; bytes: number }> {
  const signer = await deps.signingKey.signer().catch((error: unknown) => {
    // The key store's refusal (no keyring on the desktop, a damaged key) is already the sentence to show.
    throw new LockstepApiError('unavailable', `The incident file was not saved because it could not be signed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const sealed = await sealIncidentFile(exported.bundle, { appVersion: deps.appVersion, signer, gzip: (raw) => gzipSync(raw, { level: 1 }) });
  if (sealed.length > MAX_INCIDENT_FILE_BYTES) {
    const mb = (n: number) => `${Math.ceil(n / 1_000_000)} MB`;
    throw new LockstepApiError(
      'bad_request',
      `The incident file would be ${mb(sealed.length)}, over the ${mb(MAX_INCIDENT_FILE_BYTES)} Lockstep can open, so it was not saved: export a shorter window or fewer panels.`,
    );
  }
  const base = exported.fileName.endsWith(BUNDLE_EXTENSION) ? exported.fileName.slice(0, -BUNDLE_EXTENSION.length) : exported.fileName;
  return { fileName: `${base}${INCIDENT_FILE_EXTENSION}`, file: Buffer.from(sealed).toString('base64'), bytes: sealed.length };
}
