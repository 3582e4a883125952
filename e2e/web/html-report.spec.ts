import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { BUNDLE_FORMAT, BUNDLE_VERSION, IncidentBundleSchema } from '../../shared/api/bundle';
import { hostForSpec } from '../support/host-process';

/**
 * The self-contained HTML report: one file from disk, in Chromium with the network cut,
 * shows the incident; a label written to close the script and run code runs nothing.
 */
const HOSTILE = '</script><img src=x onerror=alert(1)><script>alert(2)</script>';
const T0 = Date.UTC(2025, 0, 14, 9, 0);

function hostileBundle(): Buffer {
  const bundle = IncidentBundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: T0 + 30 * 60_000,
    exportedBy: `mia ${HOSTILE}`,
    window: { start: T0 - 15 * 60_000, end: T0 + 30 * 60_000 },
    incident: { id: 'inc-report', title: `Unlocks failing ${HOSTILE}`, service: 'lock-service', severity: 'critical', status: 'resolved', openedAt: T0, alerts: ['fp-1'] },
    timeline: [
      { id: 'ev-1', incidentId: 'inc-report', at: T0, kind: 'alert_firing', text: `UnlockSuccessLow firing ${HOSTILE}` },
      { id: 'ev-2', incidentId: 'inc-report', at: T0 + 5 * 60_000, kind: 'note', actor: 'mia', text: 'Rolled back lock-service to blue' },
    ],
    alerts: [
      {
        fingerprint: 'fp-1',
        name: 'UnlockSuccessLow',
        severity: 'critical',
        state: 'firing',
        startsAt: T0,
        labels: { alertname: 'UnlockSuccessLow', city: HOSTILE },
        annotations: { summary: `unlock success below 95% ${HOSTILE}` },
        silencedBy: [],
        source: 'alertmanager',
      },
    ],
    deployments: [],
    dashboard: {
      id: 'war-room',
      title: 'War room',
      rangeSeconds: 2700,
      refreshSeconds: 5,
      panels: [{ id: 'online', kind: 'timeseries', title: 'Locks online', grid: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'city:lock_online:ratio' }] }],
    },
    panelData: {
      'online/A': {
        series: [{ name: 'city:lock_online:ratio', labels: { city: HOSTILE }, times: Array.from({ length: 10 }, (_, i) => T0 + i * 60_000), values: Array.from({ length: 10 }, (_, i) => 0.9 + i / 100) }],
        fetchedAt: T0 + 30 * 60_000,
      },
    },
    logs: [{ time: T0 + 1000, level: 'error', message: `unlock failed ${HOSTILE}`, labels: { service: 'lock-service' } }],
    traces: [],
  });
  return Buffer.from(JSON.stringify(bundle));
}

/** Cuts the network and records every request that is not the file itself; fails on any dialog. */
async function guard(page: Page): Promise<{ requests: string[]; dialogs: string[] }> {
  const requests: string[] = [];
  const dialogs: string[] = [];
  await page.context().setOffline(true);
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !requests.includes(url)) requests.push(url);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { requests, dialogs };
}

let reportPath: string;

// The demo fleet started broken, so an incident opens within a minute to export from the console.
const demo = hostForSpec('demo', ['--incident', 'bad-release']);

// Made as a person would: `npm run open -- FILE --html OUT` (scripts/open.ts).
test.beforeAll(() => {
  const file = test.info().outputPath('bad-release.lockstep.json');
  writeFileSync(file, hostileBundle());
  reportPath = test.info().outputPath('bad-release.lockstep.html');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/open.ts', file, '--html', reportPath], { encoding: 'utf8', timeout: 180_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`wrote the HTML report ${reportPath}`);
});

test('the HTML report opens from file:// with the network cut and shows the incident, its timeline and a panel', async ({ page }) => {
  const seen = await guard(page);
  await page.goto(pathToFileURL(reportPath).href);
  await expect(page.getByTestId('offline-banner')).toContainText('bad-release.lockstep.json');
  const panel = page.getByTestId('panel').filter({ hasText: 'Locks online' });
  await expect(panel).toBeVisible();
  await expect(panel.locator('canvas, svg').first()).toBeVisible();
  await page.getByTestId('incident-item').first().click();
  const incident = page.getByTestId('incident-detail');
  await expect(incident.locator('.incident__title')).toHaveText(`Unlocks failing ${HOSTILE}`);
  await expect(incident.getByTestId('timeline-item')).toHaveCount(2);
  await expect(incident.getByTestId('timeline-item').nth(1)).toContainText('Rolled back lock-service to blue');
  expect(seen.requests).toEqual([]);
  expect(seen.dialogs).toEqual([]);
});

test('a hostile label in the report runs nothing: no dialog, no request, no injected element', async ({ page }) => {
  const seen = await guard(page);
  await page.goto(pathToFileURL(reportPath).href);
  await expect(page.getByTestId('alert-item').first()).toContainText('UnlockSuccessLow');
  await expect(page.getByTestId('alerts-list')).toContainText(`unlock success below 95% ${HOSTILE}`);
  // The file as written: the tab's title is escaped text, and only two elements open a script.
  const written = readFileSync(reportPath, 'utf8');
  expect(written).toContain('<title>Unlocks failing &#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;');
  expect(written.match(/<script\b/gi)).toHaveLength(2);
  // Only the page's own two script elements exist (the embedded file and the app); no <img> was made from a label.
  expect(await page.locator('script').count()).toBe(2);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  // Give an injected handler time to fire had there been one.
  await page.waitForTimeout(500);
  expect(seen.dialogs).toEqual([]);
  expect(seen.requests).toEqual([]);
});

test('the export panel saves the HTML report, which opens from file:// with the network cut and shows the incident', async ({ page }) => {
  await page.goto(demo().tokenUrl);
  const item = page.getByTestId('incident-item').filter({ hasText: 'lock-service' }).first();
  await expect(item).toBeVisible({ timeout: 120_000 });
  await item.click();
  const title = (await page.getByTestId('incident-detail').locator('.incident__title').textContent())!.trim();
  const offer = page.getByTestId('export-html-button');
  // The host has the report page built (e2e/support/serve.ts builds it), so the option is live, with no "needs npm run build" sentence.
  await expect(offer).toBeEnabled();
  await expect(page.getByTestId('export-html-unavailable')).toHaveCount(0);
  const downloaded = page.waitForEvent('download');
  await offer.click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/\.lockstep\.html$/);
  const saved = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  await expect(page.getByTestId('export-saved')).toContainText(`Saved ${download.suggestedFilename()}`);

  const report = await page.context().newPage();
  const seen = await guard(report);
  await report.goto(pathToFileURL(saved).href);
  // The sealed file inside it, signed by this console's key: the report has no trusted keys, so it names the signer as unknown.
  await expect(report.getByTestId('offline-banner')).toContainText(download.suggestedFilename().replace(/\.html$/, ''));
  await expect(report.locator('[data-testid="timeseries-chart"][data-draws]').first()).toBeVisible({ timeout: 30_000 });
  await report.getByTestId('incident-item').first().click();
  await expect(report.getByTestId('incident-detail').locator('.incident__title')).toHaveText(title);
  expect(seen.requests).toEqual([]);
  expect(seen.dialogs).toEqual([]);
});
