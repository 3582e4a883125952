import { extractIncidentFileFromHtml, looksLikeHtml } from '../../../shared/incident-file/html-embed';
import type { SessionSlice } from '../store/session-slice';
import { incidentFileSizeProblem } from './incident-file-limit';

/** What the store's open action takes for the file's content. */
type StoreFile = Parameters<SessionSlice['openIncidentFile']>[1];
type OpenAction = (name: string, file: StoreFile) => Promise<string | undefined>;

/**
 * The store's action reads the file's content; the sealed format (shared/incident-file/)
 * decides how. Plain-JSON files (format 0) are UTF-8 text, which every version of the
 * action accepts, so bytes are handed over as their text.
 */
function toStoreFile(bytes: Uint8Array): StoreFile {
  return new TextDecoder('utf-8').decode(bytes);
}

/** "report.lockstep.html" → "report.lockstep.json": what the embedded file is called when the report did not say. */
function embeddedName(htmlName: string): string {
  return htmlName.replace(/\.html?$/i, '').replace(/\.lockstep$/i, '') + '.lockstep.json';
}

/**
 * Opens an incident file from its bytes, wherever they came from (drag and drop, the
 * desktop host's file association, `lockstep open`, the HTML report itself). An HTML
 * report is unwrapped first: the incident file it carries is what opens. Returns the one
 * sentence to show when it cannot be opened, undefined when it opened.
 */
export async function openIncidentBytes(open: OpenAction, name: string, bytes: Uint8Array): Promise<string | undefined> {
  const tooLarge = incidentFileSizeProblem(name, bytes.length);
  if (tooLarge) return tooLarge;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024));
  if (!looksLikeHtml(name, head)) return open(name, toStoreFile(bytes));
  const extracted = extractIncidentFileFromHtml(new TextDecoder('utf-8').decode(bytes));
  if (!extracted.ok) return `${name}: ${extracted.problem}`;
  return open(extracted.name ?? embeddedName(name), toStoreFile(extracted.bytes));
}
