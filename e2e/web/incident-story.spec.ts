import { readFileSync } from 'node:fs';
import { readIncidentFile } from '../../shared/incident-file/read';
import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

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
});
