import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from './menu';
import { PDF_OPTIONS, pdfFileName, savePdfSummary } from './pdf-summary';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-pdf-'));
const PDF = new TextEncoder().encode('%PDF-1.7 fake');
const when = new Date('2026-12-02T03:00:00Z');

describe('the PDF summary', () => {
  it('prints the window on landscape A4 with its colours and saves it where the person chose', async () => {
    const asked: unknown[] = [];
    const path = await savePdfSummary(
      {
        printToPDF: async (options) => {
          asked.push(options);
          return PDF;
        },
        showSaveDialog: async (options) => {
          asked.push(options.defaultPath);
          return { canceled: false, filePath: join(dir, 'review') };
        },
        title: () => '(2) Lockstep — payment-service: PaymentFailuresHigh',
      },
      when,
    );
    expect(path).toBe(join(dir, 'review.pdf'));
    expect(readFileSync(path!, 'utf8')).toBe('%PDF-1.7 fake');
    expect(asked).toEqual(['payment-service-PaymentFailuresHigh-2026-12-02.pdf', PDF_OPTIONS]);
    expect(PDF_OPTIONS).toMatchObject({ landscape: true, pageSize: 'A4', printBackground: true });
  });

  it('prints nothing when the person cancels', async () => {
    let printed = 0;
    const path = await savePdfSummary({ printToPDF: async () => (printed++, PDF), showSaveDialog: async () => ({ canceled: true }), title: () => 'Lockstep' }, when);
    expect(path).toBeNull();
    expect(printed).toBe(0);
  });

  it('says in one sentence what failed, and saves nothing', async () => {
    const writes: string[] = [];
    const deps = { showSaveDialog: async () => ({ canceled: false, filePath: join(dir, 'x.pdf') }), title: () => 'Lockstep', write: async (p: string) => void writes.push(p) };
    await expect(savePdfSummary({ ...deps, printToPDF: async () => Promise.reject(new Error('renderer gone')) }, when)).rejects.toThrow(
      'The PDF summary could not be printed (renderer gone); nothing was saved.',
    );
    expect(writes).toEqual([]);
    await expect(savePdfSummary({ ...deps, printToPDF: async () => PDF, write: async () => Promise.reject(new Error('EACCES')) }, when)).rejects.toThrow(
      'The PDF summary could not be saved as x.pdf (EACCES): check that the folder is writable.',
    );
  });

  it('names the file from the window title, never with path characters', () => {
    expect(pdfFileName('Lockstep — ../../etc/passwd: lock-service', when)).toBe('etc-passwd-lock-service-2026-12-02.pdf');
    expect(pdfFileName('Lockstep', when)).toBe('incident-2026-12-02.pdf');
  });

  it('is in the File menu with Ctrl/Cmd+P', () => {
    const template = menuTemplate({ openIncidentFile: () => undefined, savePdfSummary: () => undefined, reload: () => undefined, toggleFullScreen: () => undefined }, 'linux');
    const file = template.find((m) => m.label === 'File')!.submenu as { label?: string; accelerator?: string }[];
    expect(file.find((i) => i.label === 'Save PDF summary…')).toMatchObject({ accelerator: 'CmdOrCtrl+P' });
  });
});
