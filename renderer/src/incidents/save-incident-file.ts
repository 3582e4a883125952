import { saveTextFile } from '../support/files';

/**
 * Saves the sealed file the host returned (base64). The sealed format is UTF-8 JSON
 * (shared/incident-file/envelope.ts), so it is saved as that text: both the browser's
 * download and the desktop's save dialog write it back as the same bytes the host sealed.
 * Decoding is strict: a reply that is not UTF-8 is refused rather than saved altered.
 */
export async function saveIncidentFile(fileName: string, base64: string): Promise<string | null> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return saveTextFile(fileName, text);
}
