import { open, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { MAX_INCIDENT_FILE_BYTES } from '../../shared/api/bundle';

/** A file larger than the renderer can open is neither read nor written (shared/api/bundle.ts says why). */
export const MAX_OPEN_BYTES = MAX_INCIDENT_FILE_BYTES;
const INCIDENT_SUFFIX = '.lockstep.json';
/** The sealed format's extension (shared/incident-file/envelope.ts); older exports end in .lockstep.json. */
const SEALED_SUFFIX = '.lockstep';
const filters = [
  { name: 'Lockstep incident', extensions: ['lockstep', 'json'] },
  { name: 'All files', extensions: ['*'] },
];
/** An export saved as the HTML report (services/export/html-report.ts) keeps its .html name and is offered as HTML. */
const HTML_SUFFIX = '.html';
const htmlFilters = [
  { name: 'HTML report', extensions: ['html'] },
  { name: 'All files', extensions: ['*'] },
];
/** Opening also takes an HTML report (it carries the incident file: shared/incident-file/html-embed.ts). */
const openFilters = [
  { name: 'Lockstep incident or HTML report', extensions: ['lockstep', 'json', 'html'] },
  { name: 'All files', extensions: ['*'] },
];

/** What the renderer sends with a save request; it is parsed, never trusted. */
export const SaveTextRequestSchema = z.object({
  fileName: z.string().min(1).max(200),
  text: z.string().max(MAX_OPEN_BYTES),
});

/** The subset of Electron's `dialog` used here, owner window already bound. */
export interface DialogLike {
  showSaveDialog(options: { title: string; defaultPath: string; filters: typeof filters }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: { title: string; filters: typeof filters; properties: Array<'openFile'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** Keeps only a plain file name (the renderer cannot pick a directory) with our suffix. */
export function safeDefaultName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/')).replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '') || 'incident';
  if (name.endsWith(SEALED_SUFFIX) || name.endsWith(INCIDENT_SUFFIX) || name.endsWith(HTML_SUFFIX)) return name;
  return `${name.replace(/\.json$/, '')}${INCIDENT_SUFFIX}`;
}

export async function saveTextWithDialog(dialog: DialogLike, request: unknown): Promise<{ path: string } | null> {
  const parsed = SaveTextRequestSchema.safeParse(request);
  if (!parsed.success) throw new Error(`The file to save was not understood: ${z.prettifyError(parsed.error)}`);
  const defaultPath = safeDefaultName(parsed.data.fileName);
  const html = defaultPath.endsWith(HTML_SUFFIX);
  const result = await dialog.showSaveDialog({ title: html ? 'Save HTML report' : 'Export incident', defaultPath, filters: html ? htmlFilters : filters });
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, parsed.data.text, 'utf8');
  return { path: result.filePath };
}

/** Reads at most `limit` bytes; the renderer validates the content with the bundle schema. */
export async function readTextFileLimited(path: string, limit = MAX_OPEN_BYTES): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) {
      const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
      throw new Error(`${basename(path)} is ${mb(size)}; Lockstep opens incident files up to ${mb(limit)}. Is this an incident export?`);
    }
    return await handle.readFile({ encoding: 'utf8' });
  } finally {
    await handle.close();
  }
}

export async function openTextWithDialog(dialog: DialogLike, limit = MAX_OPEN_BYTES): Promise<{ name: string; text: string } | null> {
  const result = await dialog.showOpenDialog({ title: 'Open incident file', filters: openFilters, properties: ['openFile'] });
  const path = result.filePaths[0];
  if (result.canceled || path === undefined) return null;
  return { name: basename(path), text: await readTextFileLimited(path, limit) };
}
