import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReportName } from './html-report';
import { REPORT_NOT_BUILT, ReportAssetSource } from './report-assets';

function builtReport(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-report-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-a1.js'), script);
  writeFileSync(join(dir, 'assets', 'index-a1.css'), 'body{color:red}');
  writeFileSync(join(dir, 'index.html'), '<script type="module" src="./assets/index-a1.js"></script><link rel="stylesheet" href="./assets/index-a1.css">');
  return dir;
}

describe('the HTML report page as the host finds it', () => {
  it('says in one sentence that `npm run build` is needed when the page is not built, and refuses the export with it', async () => {
    for (const source of [new ReportAssetSource(undefined), new ReportAssetSource(join(tmpdir(), 'lockstep-no-such-report-build'))]) {
      expect(await source.status()).toEqual({ available: false, problem: REPORT_NOT_BUILT });
      await expect(source.load()).rejects.toMatchObject({ code: 'unavailable', message: REPORT_NOT_BUILT });
    }
    expect(REPORT_NOT_BUILT).toMatch(/^The HTML report needs `npm run build` first/);
  });

  it('reads the built script and style, and reads them again once the build changed', async () => {
    const dir = builtReport('console.log(1)');
    const source = new ReportAssetSource(dir);
    expect(await source.status()).toEqual({ available: true });
    expect(await source.load()).toEqual({ script: 'console.log(1)', style: 'body{color:red}' });
    writeFileSync(join(dir, 'assets', 'index-a1.js'), 'console.log(2)');
    // Rebuilt: index.html is written last by vite, so its time moves.
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="./assets/index-a1.js"></script><link rel="stylesheet" href="./assets/index-a1.css"> ');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'index.html'), later, later);
    expect((await source.load()).script).toBe('console.log(2)');
  });

  it('names the report after the sealed file or the older .lockstep.json', () => {
    expect(htmlReportName('bad-release.lockstep')).toBe('bad-release.lockstep.html');
    expect(htmlReportName('bad-release.lockstep.json')).toBe('bad-release.lockstep.html');
    expect(htmlReportName('incident')).toBe('incident.lockstep.html');
  });
});
