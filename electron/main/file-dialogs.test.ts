import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { type DialogLike, openTextWithDialog, readTextFileLimited, safeDefaultName, saveTextWithDialog } from './file-dialogs';

describe('file dialogs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-files-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('offers only a plain file name with the incident suffix', () => {
    expect(safeDefaultName('incident-42.lockstep.json')).toBe('incident-42.lockstep.json');
    expect(safeDefaultName('incident-42.lockstep')).toBe('incident-42.lockstep');
    expect(safeDefaultName('../../etc/passwd')).toBe('passwd.lockstep.json');
    expect(safeDefaultName('C:\\Users\\x\\evil.json')).toBe('evil.lockstep.json');
    expect(safeDefaultName('...')).toBe('incident.lockstep.json');
  });

  it('saves an HTML report under its .html name, offered as HTML, with the text unchanged', async () => {
    expect(safeDefaultName('bad-release.lockstep.html')).toBe('bad-release.lockstep.html');
    const path = join(dir, 'chosen.lockstep.html');
    const asked: Parameters<DialogLike['showSaveDialog']>[0][] = [];
    const dialog: DialogLike = {
      showSaveDialog: async (options) => (asked.push(options), { canceled: false, filePath: path }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    };
    const html = '<!doctype html><title>Unlocks failing — Lockstep incident report</title>';
    expect(await saveTextWithDialog(dialog, { fileName: 'bad-release.lockstep.html', text: html })).toEqual({ path });
    expect(asked).toEqual([{ title: 'Save HTML report', defaultPath: 'bad-release.lockstep.html', filters: [{ name: 'HTML report', extensions: ['html'] }, { name: 'All files', extensions: ['*'] }] }]);
    expect(await readFile(path, 'utf8')).toBe(html);
    // The sealed file is still offered as an incident file.
    await saveTextWithDialog(dialog, { fileName: 'bad-release.lockstep', text: '{}' });
    expect(asked[1]).toMatchObject({ title: 'Export incident', defaultPath: 'bad-release.lockstep', filters: [{ name: 'Lockstep incident', extensions: ['lockstep', 'json'] }, { name: 'All files', extensions: ['*'] }] });
  });

  it('opens the chosen file and returns its name and text', async () => {
    const path = join(dir, 'inc.lockstep.json');
    await writeFile(path, '{"format":"lockstep-incident"}');
    const dialog: DialogLike = {
      showSaveDialog: async () => ({ canceled: true }),
      showOpenDialog: async (options) => {
        expect(options.filters[0]?.extensions).toEqual(['lockstep', 'json', 'html']);
        return { canceled: false, filePaths: [path] };
      },
    };
    expect(await openTextWithDialog(dialog)).toEqual({ name: 'inc.lockstep.json', text: '{"format":"lockstep-incident"}' });
  });

  it('refuses a file over the size limit with a readable reason', async () => {
    const path = join(dir, 'big.json');
    await writeFile(path, 'x'.repeat(4096));
    await expect(readTextFileLimited(path, 1024)).rejects.toThrow(/big\.json is .* incident files up to/);
    expect(await readTextFileLimited(path, 4096)).toHaveLength(4096);
  });
});
