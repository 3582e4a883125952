import { readFileSync } from 'node:fs';
import { readIncidentFile } from '../../shared/incident-file/read';
import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';
import { compareWithPrometheus, logTraceCoverage, pointCountsByPanel, spreadSample } from '../support/incident-file-checks';

/**
 * The whole story on the local real stack (real Prometheus and Alertmanager, fast
 * timings): a bad release fires an alert, the console notifies, the on-call
 * acknowledges (a real silence), rolls back, the alert resolves, and the incident is
 * exported and reviewed offline.
 */
const host = hostForSpec('stack');

test('bad release → alert → notification → acknowledge → rollback → resolved → export → offline review', async ({ page, context, request }) => {
  test.setTimeout(600_000);
  const started = Date.now();
  const mark = (what: string) => console.log(`[story] ${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`);
  const stack = host().stack!;
  await context.grantPermissions(['notifications']);
  // Record what the page asks the browser to show, as the OS would.
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = shown;
    class RecordingNotification extends EventTarget {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: unknown = null;
      constructor(title: string, options?: { body?: string }) {
        super();
        shown.push(`${title} — ${options?.body ?? ''}`);
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
  });

  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('mode-chip')).toContainText(/stack/i);
  await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('timeseries-chart')).toBeVisible();

  // 1. The bad green release of lock-service goes live.
  expect((await request.post(`${stack.demo}/api/incidents/bad-release`)).ok()).toBe(true);

  // 2. Prometheus fires, Alertmanager routes, the console shows it.
  const alert = page.locator('[data-testid="alert-item"][data-alertname="ServiceErrorRateHigh"][data-service="lock-service"]');
  await expect(alert.and(page.locator('[data-state="firing"]'))).toBeVisible({ timeout: 150_000 });

  mark('alert firing in the console');
  // 3. A notification was shown for the new critical alert.
  await expect
    .poll(async () => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications.join('\n')), { timeout: 30_000 })
    .toContain('ServiceErrorRateHigh');

  // The bad release is ONE incident, named for lock-service, with its callers' alerts in it; the window title counts it.
  const incidentTab = page.locator('[data-testid="incident-item"][data-status="open"][data-services*="lock-service"]');
  await expect(incidentTab).toHaveCount(1, { timeout: 30_000 });
  await expect(page).toHaveTitle(/^\(\d+\) Lockstep/);
  await expect(page.getByTestId('alerting-state')).toHaveAttribute('data-state', 'live');

  // 4. Acknowledge the incident: a real Alertmanager ACK! silence on its groups, author and comment visible to all.
  await alert.getByTestId('ack-button').click();
  // The operator credential is named: the dialog says who acts instead of asking.
  await expect(page.getByTestId('ack-acting-as')).toContainText('Ana on-call');
  await page.getByTestId('ack-comment').fill('bad green release of lock-service, rolling back');
  await page.getByTestId('ack-submit').click();
  await expect(page.getByTestId('ack-result')).toContainText(/acknowledged/i);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(alert.getByTestId('alert-ack-info')).toContainText('Ana on-call', { timeout: 30_000 });
  const silences = (await (await request.get(`${stack.alertmanager}/api/v2/silences`)).json()) as {
    createdBy: string;
    comment: string;
    status: { state: string };
    matchers: { name: string; value: string }[];
  }[];
  const silence = silences.find(
    (s) => s.createdBy === 'Ana on-call' && s.status.state === 'active' && s.matchers.some((m) => m.name === 'service' && m.value === 'lock-service'),
  );
  // karma's convention: an acknowledgement is a silence whose comment starts with ACK!; it matches the incident's group (and so its escalation alerts).
  expect(silence?.comment).toBe('ACK! bad green release of lock-service, rolling back');
  expect(silence?.matchers.map((m) => m.name).sort()).toEqual(['city', 'provider', 'service']);

  // Every console shows who acknowledged: a second one (the wall) opened now sees it too.
  const wall = await context.newPage();
  await wall.goto(host().tokenUrl);
  const onWall = wall.locator('[data-testid="alert-item"][data-alertname="ServiceErrorRateHigh"][data-service="lock-service"]');
  await expect(onWall.getByTestId('alert-ack-info')).toContainText('Ana on-call');
  await expect(onWall.getByTestId('alert-ack-info')).toContainText('rolling back');
  await wall.close();
  mark('acknowledged; silence checked in Alertmanager and seen on a second console');
  // 5. Roll back: the button names the service and colour, and asks first.
  const deploymentsBefore = (await (await request.get(`${stack.demo}/api/deployments`)).json()) as { deployments: { service: string; active: string }[] };
  const live = deploymentsBefore.deployments.find((d) => d.service === 'lock-service')!.active;
  const target = live === 'green' ? 'blue' : 'green';
  // Pages from the other failing services pile up as toasts; clear them as a person would.
  for (let i = 0; i < 20 && (await page.getByTestId('toast').count()) > 0; i++) {
    await page.getByTestId('toast').first().getByRole('button', { name: 'Dismiss' }).click({ timeout: 5_000 }).catch(() => undefined);
  }
  await incidentTab.first().click();
  await expect(page.getByTestId('incident-ack-info')).toContainText('Ana on-call');
  const rollback = page.getByTestId('rollback-button');
  await expect(rollback).toHaveText(`Roll back lock-service to ${target}`);
  await rollback.click();
  await expect(page.getByRole('dialog')).toContainText('lock-service');
  await expect(page.getByRole('dialog')).toContainText(target);
  // Confirmation by typing the service name.
  await page.getByTestId('rollback-confirm-input').fill('lock-service');
  await page.getByTestId('rollback-confirm').click();
  await expect(page.getByTestId('rollback-result')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.locator('[data-testid="timeline-item"][data-kind="rollback_succeeded"]')).toBeVisible({ timeout: 30_000 });
  const deploymentsAfter = (await (await request.get(`${stack.demo}/api/deployments`)).json()) as { deployments: { service: string; active: string }[] };
  expect(deploymentsAfter.deployments.find((d) => d.service === 'lock-service')!.active).toBe(target);

  mark('rolled back');
  // 6. The error rate falls, Prometheus resolves the alert, the incident closes.
  // Resolved incidents leave the default (open) list: show all to follow it.
  await page.getByTestId('incident-filter-status').selectOption('all');
  await expect(page.locator('[data-testid="timeline-item"][data-kind="incident_resolved"]')).toBeVisible({ timeout: 180_000 });
  // Its acknowledgement ended with it: the next failure pages.
  await expect
    .poll(async () => {
      const all = (await (await request.get(`${stack.alertmanager}/api/v2/silences`)).json()) as { comment: string; status: { state: string } }[];
      return all.filter((s) => s.comment.startsWith('ACK!') && s.status.state === 'active').length;
    }, { timeout: 30_000 })
    .toBe(0);
  const active = (await (await request.get(`${stack.alertmanager}/api/v2/alerts?active=true&silenced=true`)).json()) as { labels: Record<string, string> }[];
  expect(active.filter((a) => a.labels.alertname === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service')).toEqual([]);

  mark('alert resolved, incident closed');
  // 7. Export the incident to one file…
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.lockstep$/);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  // The sealed file (shared/incident-file/read.ts); without this console's key it is intact but not verified.
  const opened = await readIncidentFile(download.suggestedFilename(), readFileSync(file), { trustedKeys: [] });
  if (!opened.ok) throw new Error(opened.problem);
  expect(opened.verification.state).toBe('unknown-signer');
  const bundle = opened.bundle;
  expect(bundle.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['acknowledged', 'rollback_succeeded', 'incident_resolved']));

  mark('exported');
  // 8. …and review it with no network at all: read-only, the timeline and panels from the file.
  await context.setOffline(true);
  await page.getByTestId('open-file-input').setInputFiles(file);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  // This console signed it, so it opens as verified, offline.
  await expect(page.getByTestId('file-verification')).toHaveAttribute('data-state', 'verified');
  await expect(page.getByTestId('file-verification')).toContainText('Verified — signed by this console');
  await expect(page.locator('[data-testid="timeline-item"][data-kind="rollback_succeeded"]')).toBeVisible();
  await expect(page.locator('[data-panel-id="service-errors"]').getByTestId('timeseries-chart')).toBeVisible();
  await expect(page.getByTestId('rollback-button')).toHaveCount(0);
  await expect(page.getByTestId('ack-button')).toHaveCount(0);
  mark('opened offline');

  // 9. The file is complete. Its panel data is Prometheus' own answer to the expression, window and step the file records, point for point…
  const comparisons = await compareWithPrometheus(bundle, stack.prometheus);
  expect(comparisons.flatMap((c) => c.differences)).toEqual([]);
  expect(comparisons.filter((c) => c.points === 0).map((c) => c.key)).toEqual([]);
  // The comparison can fail: one point of the file changed by the smallest step a double can take is the one difference it reports.
  const tampered = structuredClone(bundle);
  const [key, result] = Object.entries(tampered.panelData).find(([, r]) => r.series.some((s) => s.values.some((v) => v !== null && v !== 0)))!;
  const series = result.series.find((s) => s.values.some((v) => v !== null && v !== 0))!;
  const index = series.values.findIndex((v) => v !== null && v !== 0);
  series.values[index] = series.values[index]! * (1 + Number.EPSILON);
  expect((await compareWithPrometheus(tampered, stack.prometheus)).flatMap((c) => c.differences)).toEqual([expect.stringContaining(`${key} `)]);
  console.log(`[story] file vs Prometheus: ${comparisons.length} targets, ${comparisons.reduce((n, c) => n + c.series, 0)} series, ${comparisons.reduce((n, c) => n + c.points, 0)} points, all equal`);
  // …and every chart opened from it was given all of its panel's points.
  const counts = pointCountsByPanel(bundle);
  const charted = bundle.dashboard.panels.filter((p) => p.kind === 'timeseries');
  for (const panel of charted) {
    await expect(page.locator(`[data-panel-id="${panel.id}"]`).getByTestId('timeseries-chart')).toHaveAttribute('data-point-count', String(counts.get(panel.id)));
  }
  // 10. Every trace its log lines name is in the file, or the cap it states accounts for those left out.
  const coverage = logTraceCoverage(bundle);
  expect(coverage.referenced.length).toBeGreaterThan(0);
  const cap = bundle.caps?.traces;
  if (cap) {
    expect(bundle.traces.length).toBe(cap.included);
    expect(coverage.missing.length).toBeLessThanOrEqual(cap.referenced - cap.included);
  } else {
    expect(coverage.missing).toEqual([]);
  }
  // Offline, a sample of those links opens its waterfall (the first, the last and 5 between): the link a log line's "trace" button follows.
  const inFile = new Set(bundle.traces.map((t) => t.traceId.toLowerCase()));
  const sample = spreadSample(coverage.referenced.filter((id) => inFile.has(id)), 5);
  const view = page.getByTestId('trace-view');
  for (const id of sample) {
    await page.evaluate((traceId) => (window.location.hash = `#/trace/${traceId}`), id);
    await expect(view.locator('h2')).toContainText(id);
    await expect(view.getByTestId('trace-row').first()).toBeVisible();
    await expect(view).not.toContainText('not in this incident file');
    await view.getByTestId('trace-close').click();
    await expect(view).toBeHidden();
  }
  // And a log line's own button in the log panel opens its trace too. With more traces than
  // the file's cap, the newest line may name one left out (its view says so): follow the
  // first line whose trace the file holds.
  const logLinks = page.locator('[data-panel-id="logs"]').getByTestId('log-trace-link');
  const linkTexts = await logLinks.allTextContents();
  const held = linkTexts.findIndex((text) => {
    const prefix = /trace (\w{8})/.exec(text)?.[1];
    return prefix !== undefined && [...inFile].some((id) => id.startsWith(prefix));
  });
  expect(held).toBeGreaterThanOrEqual(0);
  await logLinks.nth(held).click();
  await expect(view.getByTestId('trace-row').first()).toBeVisible();
  await expect(view).not.toContainText('not in this incident file');
  console.log(`[story] ${coverage.referenced.length} trace ids in the file's logs, ${coverage.missing.length} not in it; opened ${sample.length + 1} offline`);
  mark('file checked: panels equal Prometheus, trace links open');
});
