import { extractIncidentFileFromHtml, looksLikeHtml } from '../../../shared/incident-file/html-embed';
import type { SessionSlice } from '../store/session-slice';
import { incidentFileSizeProblem } from './incident-file-limit';

/** The store's open action: it reads sealed files (shared/incident-file/) and format-0 text alike, from bytes. */
type OpenAction = (name: string, file: Parameters<SessionSlice['openIncidentFile']>[1]) => Promise<string | undefined>;

/** "report.lockstep.html" → "report.lockstep": what the embedded file is called when the report did not say. */
function embeddedName(htmlName: string): string {
  return htmlName.replace(/\.html?$/i, '').replace(/\.lockstep$/i, '') + '.lockstep';
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
  if (!looksLikeHtml(name, head)) return open(name, bytes);
  const extracted = extractIncidentFileFromHtml(new TextDecoder('utf-8').decode(bytes));
  if (!extracted.ok) return `${name}: ${extracted.problem}`;
  return open(extracted.name ?? embeddedName(name), extracted.bytes);
}
