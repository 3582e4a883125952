import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** What is printed: the window as it shows the incident, on landscape A4 with its colours (the dark theme prints as seen). */
export const PDF_OPTIONS = { landscape: true, pageSize: 'A4', printBackground: true } as const;

/** The parts of Electron this uses, so it is tested through fakes (the binary cannot run in CI). */
export interface PdfSummaryDeps {
  printToPDF(options: typeof PDF_OPTIONS): Promise<Uint8Array>;
  showSaveDialog(options: { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePath?: string }>;
  /** The window's title ("(2) Lockstep — payment-service: …"), for the file's suggested name. */
  title(): string;
  write?(path: string, data: Uint8Array): Promise<void>;
}

/** A file name from the window's title: the incident's words, nothing a file system minds. */
export function pdfFileName(title: string, now: Date): string {
  const words = title
    .replace(/^\(\d+\)\s*/, '')
    .replace(/^Lockstep(\s*[—-]\s*|$)/, '')
    .replace(/[^\w.\- ]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
  return `${words || 'incident'}-${now.toISOString().slice(0, 10)}.pdf`;
}

/**
 * File → "Save PDF summary…": prints what the window shows (an incident, a replayed file,
 * the war room) to a PDF the person names. Returns the path written, or null when they
 * cancelled; a failure is one sentence for the caller to show.
 */
export async function savePdfSummary(deps: PdfSummaryDeps, now = new Date()): Promise<string | null> {
  const choice = await deps.showSaveDialog({ title: 'Save PDF summary', defaultPath: pdfFileName(deps.title(), now), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (choice.canceled || !choice.filePath) return null;
  const path = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
  let pdf: Uint8Array;
  try {
    pdf = await deps.printToPDF(PDF_OPTIONS);
  } catch (error) {
    throw new Error(`The PDF summary could not be printed (${error instanceof Error ? error.message : String(error)}); nothing was saved.`, { cause: error });
  }
  try {
    await (deps.write ?? ((p, d) => writeFile(p, d)))(path, pdf);
  } catch (error) {
    throw new Error(`The PDF summary could not be saved as ${basename(path)} (${error instanceof Error ? error.message : String(error)}): check that the folder is writable.`, { cause: error });
  }
  return path;
}
