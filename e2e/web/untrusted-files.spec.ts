import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { expect, type Locator, test } from '@playwright/test';
import { BUNDLE_FORMAT, BUNDLE_VERSION, IncidentBundleSchema } from '../../shared/api/bundle';
import { hostForSpec } from '../support/host-process';

/**
 * Incident files come from outside: a label may carry a bidi control that reorders what
 * the reader sees (`pay\u202Etxt.exe` displays as `payexe.txt`), and a file may be far
 * too large for the tab. Both are opened here through the browser's file input, as an
 * on-call would with "Open incident file…".
 */
const RLO = '\u202E';
const SPOOF = `pay${RLO}txt.exe`;
const SHOWN = 'pay⟨U+202E⟩txt.exe';
const TRACE_ID = 'ab12cd34ef56';

/** A small, valid incident file whose outside strings carry a right-to-left override. */
function spoofedBundle(): Buffer {
  const t0 = Date.UTC(2025, 0, 14, 9, 0);
  const micros = t0 * 1000;
  const bundle = IncidentBundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: t0 + 30 * 60_000,
    exportedBy: 'e2e',
    window: { start: t0 - 15 * 60_000, end: t0 + 30 * 60_000 },
    incident: { id: 'inc-spoof', title: `Unlocks failing in ${SPOOF}`, service: SPOOF, severity: 'critical', status: 'open', openedAt: t0, alerts: ['fp-spoof'] },
    timeline: [{ id: 'ev-1', incidentId: 'inc-spoof', at: t0, kind: 'alert_firing', actor: SPOOF, text: `${SPOOF} is failing` }],
    alerts: [
      {
        fingerprint: 'fp-spoof',
        name: SPOOF,
        severity: 'critical',
        state: 'firing',
        startsAt: t0,
        labels: { alertname: SPOOF, service: SPOOF },
        annotations: { summary: `${SPOOF} returns errors` },
        silencedBy: [],
        source: 'alertmanager',
      },
    ],
    deployments: [],
    dashboard: { id: 'war-room', title: 'War room', rangeSeconds: 3600, refreshSeconds: 5, panels: [] },
    panelData: {},
    logs: [],
    traces: [
      {
        traceId: TRACE_ID,
        spans: [
          { spanId: 'a1', service: 'app-gateway', operation: 'POST /unlock', kind: 'server', start: micros, duration: 900_000, tags: {}, logs: [], error: false },
          { spanId: 'b2', parentId: 'a1', service: SPOOF, operation: `charge ${SPOOF}`, kind: 'server', start: micros + 100_000, duration: 500_000, tags: { file: SPOOF }, logs: [], error: true },
        ],
        warnings: [],
      },
    ],
  });
  return Buffer.from(JSON.stringify(bundle));
}

/** The override is shown, never applied: in the text, and in where Chromium draws each part. */
async function expectShownNotApplied(locator: Locator): Promise<void> {
  await expect(locator).toContainText(SHOWN);
  expect(await locator.innerText()).not.toContain(RLO);
  const mark = locator.getByTestId('bidi-mark').first();
  await expect(mark).toBeVisible();
  await expect(mark).toHaveText('⟨U+202E⟩');
  // "pay", the mark, then "txt.exe", left to right: an applied override would draw "exe.txt" first.
  const order = await mark.evaluate((el) => {
    const box = (node: Node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range.getBoundingClientRect();
    };
    const before = el.previousSibling;
    const after = el.nextSibling;
    if (!before || !after) return null;
    return { before: box(before).right, markLeft: el.getBoundingClientRect().left, markRight: el.getBoundingClientRect().right, after: box(after).left };
  });
  expect(order).not.toBeNull();
  expect(order!.before).toBeLessThanOrEqual(order!.markLeft + 0.5);
  expect(order!.markRight).toBeLessThanOrEqual(order!.after + 0.5);
}

const host = hostForSpec('demo');

test('bidi controls in an incident file are shown as marked tokens, not applied', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('mode-chip')).toContainText(/demo/i);
  await page.getByTestId('open-file-input').setInputFiles({ name: `${SPOOF}.lockstep.json`, mimeType: 'application/json', buffer: spoofedBundle() });

  const banner = page.getByTestId('offline-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(`${SHOWN}.lockstep.json`);
  expect(await banner.innerText()).not.toContain(RLO);

  const alert = page.getByTestId('alert-item').first();
  await expect(alert.locator('.alert__name')).toHaveText(SHOWN);
  await expectShownNotApplied(alert.locator('.alert__name'));
  await expectShownNotApplied(alert.locator('.alert__summary'));
  expect(await page.getByTestId('alerts-list').innerText()).not.toContain(RLO);

  await page.getByTestId('incident-item').first().click();
  const incident = page.getByTestId('incident-detail');
  await expectShownNotApplied(incident.locator('.incident__title'));
  await expectShownNotApplied(incident.getByTestId('timeline-item').first().locator('.timeline__text'));
  expect(await page.getByTestId('incidents').innerText()).not.toContain(RLO);

  // The trace, opened from the keyboard: span rows, the service legend and the span detail.
  await page.locator('body').press('t');
  await page.getByTestId('trace-id-input').fill(TRACE_ID);
  await page.keyboard.press('Enter');
  const trace = page.getByTestId('trace-view');
  const row = trace.getByTestId('trace-row').filter({ hasText: SHOWN }).first();
  await expectShownNotApplied(row.locator('.trace-row__service'));
  await row.click();
  await expectShownNotApplied(page.getByTestId('span-detail').locator('.span-detail__op'));
  expect(await trace.innerText()).not.toContain(RLO);
});

test('an incident file over 100 MB is refused in words before it is read, and the page keeps working', async ({ page }) => {
  // A sparse file: 200 MB long, no disk or memory spent, and never read by the page.
  const huge = test.info().outputPath('huge.lockstep.json');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 200_000_000);
  closeSync(fd);

  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('mode-chip')).toContainText(/demo/i);
  await page.getByTestId('open-file-input').setInputFiles(huge);
  const error = page.getByTestId('open-file-error');
  await expect(error).toContainText('huge.lockstep.json is 200 MB; Lockstep opens incident files up to 100 MB, so it was not opened.');
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);

  // Still alive: the live console keeps ticking, and a good file opens right after.
  const clock = await page.getByTestId('clock').innerText();
  await expect(page.getByTestId('clock')).not.toHaveText(clock);
  await error.getByRole('button', { name: 'Dismiss' }).click();
  await expect(error).toHaveCount(0);
  await page.getByTestId('open-file-input').setInputFiles({ name: 'good.lockstep.json', mimeType: 'application/json', buffer: spoofedBundle() });
  await expect(page.getByTestId('offline-banner')).toContainText('good.lockstep.json');
});
