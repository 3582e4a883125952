import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INCIDENT_FILE_MIME_TYPE, LINUX_MIME_XML, config as forgeConfig, linuxDebScripts } from '../../forge.config';
import { sealIncidentFile } from '../../shared/incident-file/seal';
import { readIncidentFile } from '../../shared/incident-file/read';
import { ASSOCIATED_EXTENSIONS } from './open-file';

const root = new URL('../../', import.meta.url);
const xml = readFileSync(new URL(LINUX_MIME_XML, root), 'utf8');
// A real incident file name and its bytes (shared/testdata/incident-file/README.md).
const realName = 'format0-4c4459b.lockstep.json';
const realFile = readFileSync(new URL(`shared/testdata/incident-file/${realName}`, root));

const attr = (element: string, name: string) => [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]!.replaceAll('&quot;', '"'));
/** shared-mime-info globs are fnmatch patterns; these use only `*`. */
const globMatches = (glob: string, name: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);
const deb = (forgeConfig.makers ?? []).find((m) => 'name' in m && m.name === 'deb') as unknown as { configOrConfigFetcher: { options: { mimeType: string[]; scripts: Record<string, string> } } };

describe('the Linux incident-file association', () => {
  it('declares in the XML the one type the desktop entry names, with a glob per extension the app opens', () => {
    expect(attr('mime-type', 'type')).toEqual([INCIDENT_FILE_MIME_TYPE]);
    expect(deb.configOrConfigFetcher.options.mimeType).toEqual([INCIDENT_FILE_MIME_TYPE]);
    expect(attr('glob', 'pattern')).toEqual(ASSOCIATED_EXTENSIONS.map((ext) => `*${ext}`));
    expect(attr('glob', 'pattern').filter((glob) => globMatches(glob, realName))).toEqual(['*.lockstep.json']);
    expect(attr('glob', 'pattern').filter((glob) => globMatches(glob, 'incident-2026-lock-service.lockstep'))).toEqual(['*.lockstep']);
    expect(attr('glob', 'pattern').filter((glob) => globMatches(glob, 'prometheus.json'))).toEqual([]);
  });

  it('recognises by its first bytes both a real format 0 file and a sealed one', async () => {
    const [magic] = attr('match', 'value');
    expect(attr('match', 'offset')).toEqual(['0']);
    expect(realFile.subarray(0, magic!.length).toString('utf8')).toBe(magic);
    const opened = await readIncidentFile(realName, realFile, { trustedKeys: [] });
    if (!opened.ok) throw new Error(opened.problem);
    const sealed = await sealIncidentFile(opened.bundle, { appVersion: 't', gzip: (raw) => raw });
    expect(Buffer.from(sealed.subarray(0, magic!.length)).toString('utf8')).toBe(magic);
    expect(Buffer.from('{"format":"something-else"}').toString('utf8').startsWith(magic!)).toBe(false);
  });

  it('ships the XML in the resources and registers it from the package scripts', () => {
    expect(forgeConfig.packagerConfig?.extraResource).toEqual([LINUX_MIME_XML]);
    expect(deb.configOrConfigFetcher.options.scripts).toEqual(linuxDebScripts);
    const postinst = readFileSync(new URL(linuxDebScripts.postinst, root), 'utf8');
    expect(postinst).toContain(`/usr/lib/lockstep/resources/${basename(LINUX_MIME_XML)}`);
    expect(postinst).toContain(`/usr/share/mime/packages/${basename(LINUX_MIME_XML)}`);
    expect(readFileSync(new URL(linuxDebScripts.postrm, root), 'utf8')).toContain(`/usr/share/mime/packages/${basename(LINUX_MIME_XML)}`);
    for (const script of Object.values(linuxDebScripts)) expect(statSync(new URL(script, root)).mode & 0o111, script).toBe(0o111);
  });

  it.skipIf(!existsSync('/usr/bin/update-mime-database'))('is a database update-mime-database accepts, giving the same globs and magic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-mime-'));
    mkdirSync(join(dir, 'packages'));
    copyFileSync(new URL(LINUX_MIME_XML, root), join(dir, 'packages', basename(LINUX_MIME_XML)));
    execFileSync('/usr/bin/update-mime-database', [dir], { stdio: 'pipe', timeout: 20_000 });
    const globs = readFileSync(join(dir, 'globs2'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(globs.sort()).toEqual(ASSOCIATED_EXTENSIONS.map((ext) => `50:${INCIDENT_FILE_MIME_TYPE}:*${ext}`).sort());
    const magic = readFileSync(join(dir, 'magic'));
    expect(magic.includes(Buffer.from(`[60:${INCIDENT_FILE_MIME_TYPE}]`))).toBe(true);
    expect(magic.includes(Buffer.from(attr('match', 'value')[0]!))).toBe(true);
    expect(readFileSync(join(dir, 'subclasses'), 'utf8').trim()).toBe(`${INCIDENT_FILE_MIME_TYPE} application/json`);
  });
});
