import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { config as forgeConfig, incidentDocumentTypes, INCIDENT_FILE_MIME_TYPE } from '../../forge.config';
import { ASSOCIATED_EXTENSIONS, type OpenedIncidentFile, associatedPath, installIncidentFileOpening } from './open-file';
import { app } from './testdata/fake-electron';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-open-file-'));
const GOOD = join(dir, 'bad-release.lockstep.json');
writeFileSync(GOOD, '{"format":"lockstep.incident"}');

let delivered: OpenedIncidentFile[];
let failed: string[];

const install = (argv: string[] = ['/opt/lockstep/lockstep']) =>
  installIncidentFileOpening({ app, argv, cwd: dir, deliver: (file) => delivered.push(file), fail: (s) => failed.push(s), log: () => undefined });

/** Reads finish on the event loop; wait until something arrived (bounded). */
async function settle(): Promise<void> {
  for (let i = 0; i < 100 && delivered.length + failed.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
}

const text = (file: OpenedIncidentFile | undefined) => (file ? new TextDecoder().decode(file.bytes) : undefined);

describe('opening a double-clicked incident file through the fake Electron app', () => {
  beforeEach(() => {
    delivered = [];
    failed = [];
    app.removeAllListeners('open-file');
    app.removeAllListeners('second-instance');
  });

  it('takes a file from the first launch argv (Windows, Linux) and delivers it once the window is attached', async () => {
    const opening = install(['/opt/lockstep/lockstep', '--no-sandbox', 'bad-release.lockstep.json']);
    await new Promise((r) => setTimeout(r, 50));
    expect(delivered).toEqual([]);
    opening.attach();
    expect(delivered.map((f) => f.name)).toEqual(['bad-release.lockstep.json']);
    expect(text(delivered[0])).toBe('{"format":"lockstep.incident"}');
  });

  it('opens macOS open-file and a second instance\'s file (resolved from its folder) at once when attached', async () => {
    install().attach();
    let prevented = 0;
    app.emit('open-file', { preventDefault: () => (prevented += 1) }, GOOD);
    await settle();
    expect(prevented).toBe(1);
    expect(delivered.map((f) => f.name)).toEqual(['bad-release.lockstep.json']);
    delivered = [];
    app.emit('second-instance', {}, ['/opt/lockstep/lockstep', 'bad-release.lockstep.json'], dir);
    await settle();
    expect(delivered.map((f) => f.name)).toEqual(['bad-release.lockstep.json']);
  });

  it('refuses a file over 100 MB by its size, and a missing one, in one sentence each', async () => {
    const huge = join(dir, 'huge.lockstep');
    writeFileSync(huge, '');
    truncateSync(huge, 200_000_000);
    install().attach();
    app.emit('open-file', { preventDefault: () => undefined }, huge);
    await settle();
    expect(failed).toEqual(['huge.lockstep is 200 MB; Lockstep opens incident files up to 100 MB, so it was not read.']);
    failed = [];
    app.emit('open-file', { preventDefault: () => undefined }, join(dir, 'gone.lockstep.json'));
    await settle();
    expect(failed).toEqual(['Lockstep could not open gone.lockstep.json: the file is not there any more.']);
    expect(delivered).toEqual([]);
  });

  it('takes only our extensions from argv, never a flag or a link', () => {
    expect(associatedPath('/home/mia/x.lockstep.json')).toBe(true);
    expect(associatedPath('C:\\Users\\mia\\x.LOCKSTEP')).toBe(true);
    expect(associatedPath('--config=x.lockstep.json')).toBe(false);
    expect(associatedPath('lockstep://trace/abc.lockstep')).toBe(false);
    expect(associatedPath('/home/mia/report.html')).toBe(false);
    expect(associatedPath('/home/mia/notes.json')).toBe(false);
  });
});

describe('the file association the makers ship', () => {
  it('gives macOS exactly the extensions the app takes, and the Debian package its MIME type', () => {
    expect(incidentDocumentTypes[0]?.CFBundleTypeExtensions).toEqual(ASSOCIATED_EXTENSIONS.map((ext) => ext.slice(1)));
    expect((forgeConfig.packagerConfig?.extendInfo as { CFBundleDocumentTypes: unknown }).CFBundleDocumentTypes).toBe(incidentDocumentTypes);
    const deb = (forgeConfig.makers ?? []).find((m) => 'name' in m && m.name === 'deb') as unknown as { configOrConfigFetcher: { options: { mimeType: string[] } } };
    expect(deb.configOrConfigFetcher.options.mimeType).toEqual([INCIDENT_FILE_MIME_TYPE]);
  });
});
