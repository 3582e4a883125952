import { decodeBase64, INCIDENT_EMBED_ID, INCIDENT_EMBED_TYPE } from '../../../shared/incident-file/html-embed';
import { MAX_INCIDENT_FILE_BYTES } from '../../../shared/api/bundle';

export type EmbeddedFile = { ok: true; name: string; bytes: Uint8Array } | { ok: false; problem: string };

/**
 * The incident file this report page carries (services/export/html-report.ts writes it):
 * read from the element's text, never executed, size checked before decoding.
 */
export function readEmbeddedFile(doc: Pick<Document, 'getElementById'>): EmbeddedFile {
  const element = doc.getElementById(INCIDENT_EMBED_ID);
  if (!element || element.getAttribute('type') !== INCIDENT_EMBED_TYPE) {
    return { ok: false, problem: 'This report carries no incident file: it was cut short or edited. Export the report again from Lockstep.' };
  }
  const encoded = (element.textContent ?? '').replace(/\s+/g, '');
  if ((encoded.length * 3) / 4 > MAX_INCIDENT_FILE_BYTES + 2) {
    return { ok: false, problem: `The incident file inside this report is larger than the ${MAX_INCIDENT_FILE_BYTES / 1_000_000} MB limit, so it was not read.` };
  }
  const bytes = decodeBase64(encoded);
  if (!bytes || bytes.length === 0) return { ok: false, problem: 'The incident file inside this report is damaged: its embedded data is not valid base64.' };
  const name = (element.getAttribute('data-name') ?? '').slice(0, 255) || 'incident.lockstep.json';
  return { ok: true, name, bytes };
}
