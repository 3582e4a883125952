import { expect, type Page, test } from '@playwright/test';
import { BUNDLE_FORMAT, BUNDLE_VERSION, IncidentBundleSchema } from '../../shared/api/bundle';
import { hostForSpec } from '../support/host-process';

/**
 * Replaying an incident file minute by minute: the scrubber moves the panel, the alert list,
 * the incident and its timeline to a chosen minute; play at 60× advances; nothing offline
 * offers an action or a Retry. The file is made here, so every expected figure is known.
 */
const T0 = Date.UTC(2025, 0, 14, 9, 0);
const MIN = 60_000;
const at = (minute: number) => T0 + minute * MIN;

/** One hour: the alert fires at minute 5, is acknowledged at 12, a note at 20, it ends at 35 and the incident resolves at 40. */
function replayBundle(): Buffer {
  const minutes = Array.from({ length: 61 }, (_, m) => m);
  const bundle = IncidentBundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: at(60),
    exportedBy: 'mia',
    window: { start: at(0), end: at(60) },
    incident: {
      id: 'inc-replay',
      title: 'Unlocks failing in madrid',
      service: 'lock-service',
      severity: 'critical',
      status: 'resolved',
      state: 'resolved',
      openedAt: at(5),
      resolvedAt: at(40),
      alerts: ['fp-unlock'],
      acknowledgement: { by: 'ana', comment: 'rolling back', at: at(12), until: at(120), silenceIds: ['s1'] },
    },
    timeline: [
      { id: 'ev-open', incidentId: 'inc-replay', at: at(5), kind: 'incident_opened', text: 'Incident opened' },
      { id: 'ev-fire', incidentId: 'inc-replay', at: at(5), kind: 'alert_firing', text: 'UnlockSuccessLow firing', data: { fingerprint: 'fp-unlock' } },
      { id: 'ev-ack', incidentId: 'inc-replay', at: at(12), kind: 'acknowledged', actor: 'ana', text: 'Acknowledged: rolling back' },
      { id: 'ev-note', incidentId: 'inc-replay', at: at(20), kind: 'note', actor: 'ana', text: 'green is back on 1.4.2' },
      { id: 'ev-end', incidentId: 'inc-replay', at: at(35), kind: 'alert_resolved', text: 'UnlockSuccessLow resolved', data: { fingerprint: 'fp-unlock' } },
      { id: 'ev-done', incidentId: 'inc-replay', at: at(40), kind: 'incident_resolved', text: 'Incident resolved' },
    ],
    alerts: [
      {
        fingerprint: 'fp-unlock',
        name: 'UnlockSuccessLow',
        severity: 'critical',
        state: 'resolved',
        startsAt: at(5),
        endsAt: at(35),
        labels: { alertname: 'UnlockSuccessLow', city: 'madrid', service: 'lock-service' },
        annotations: { summary: 'unlock success below 90%' },
        silencedBy: [],
        source: 'alertmanager',
      },
    ],
    deployments: [],
    dashboard: {
      id: 'war-room',
      title: 'War room',
      rangeSeconds: 3600,
      refreshSeconds: 5,
      panels: [{ id: 'unlock', kind: 'timeseries', title: 'Unlock success', grid: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'city:unlock_success:ratio' }] }],
    },
    panelData: {
      // One sample a minute, its value the minute: the last point drawn says which minute the panel is at.
      'unlock/A': { series: [{ name: 'city:unlock_success:ratio', labels: { city: 'madrid' }, times: minutes.map(at), values: minutes }], fetchedAt: at(60) },
    },
    logs: [],
    traces: [],
  });
  return Buffer.from(JSON.stringify(bundle));
}

const host = hostForSpec('demo');

async function openReplay(page: Page): Promise<void> {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('mode-chip')).toContainText(/demo/i);
  await page.getByTestId('open-file-input').setInputFiles({ name: 'replay.lockstep.json', mimeType: 'application/json', buffer: replayBundle() });
  await expect(page.getByTestId('offline-banner')).toContainText('replay.lockstep.json');
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  await page.getByTestId('incident-item').first().click();
}

const replayAt = async (page: Page) => Number(await page.getByTestId('replay-bar').getAttribute('data-at'));
const drawnTo = (page: Page) => page.locator('[data-panel-id="unlock"] .chart-box');

test('the scrubber moves the panel, the alert, the incident and its timeline to a chosen minute', async ({ page }) => {
  await openReplay(page);
  // Opened as exported: the end of the window, everything drawn, the header on the incident's time.
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(60)));
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(at(60)));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-replaying', 'true');
  await expect(page.getByTestId('clock')).toContainText('replaying');
  await expect(page.getByTestId('clock')).toHaveAttribute('datetime', new Date(at(60)).toISOString());

  // Keyboard: Home, then twenty minutes to the right.
  const track = page.getByTestId('replay-track');
  await track.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(0)));
  await expect(page.getByTestId('incident-item')).toHaveCount(0);
  await expect(page.getByTestId('alert-item')).toHaveCount(0);
  await expect(page.getByTestId('alerts-not-yet')).toContainText('1 more alert');
  for (let i = 0; i < 20; i += 1) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(20)));
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(at(20)));
  await expect(page.getByTestId('clock')).toHaveAttribute('datetime', new Date(at(20)).toISOString());
  await expect(page.getByTestId('alert-item')).toHaveAttribute('data-state', 'firing');
  await expect(page.getByTestId('incident-count')).toHaveText('1');
  await page.getByTestId('incident-item').first().click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toHaveAttribute('data-state', 'acknowledged');
  const items = detail.getByTestId('timeline-item');
  await expect(items.and(page.locator('[data-future="false"]'))).toHaveCount(4);
  await expect(items.and(page.locator('[data-future="true"]'))).toHaveCount(2);
  // Shift+← is ten seconds: the panel's last point is then minute 19's.
  await track.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(20) - 10_000));
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(at(19)));

  // Dragging the handle: a quarter of the way along is minute 15, and the panel's last point is the minute before or at it.
  const box = (await track.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = await replayAt(page);
  expect(Math.abs(dragged - at(15))).toBeLessThan(MIN);
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(T0 + Math.floor((dragged - T0) / MIN) * MIN));

  // Jump to an event from the timeline, and from a mark on the scrubber.
  await detail.getByTestId('timeline-item').filter({ hasText: 'Incident resolved' }).getByTestId('timeline-jump').click();
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(40)));
  await expect(page.getByTestId('alert-item')).toHaveAttribute('data-state', 'resolved');
  await expect(page.getByTestId('incident-count')).toHaveText('0');
  await expect(detail).toHaveAttribute('data-state', 'resolved');
  await page.locator('[data-testid="replay-mark"][data-kind="note"]').click();
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-at', String(at(20)));
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(at(20)));
});

test('play at 60× moves a minute of the incident per second, and pause holds it', async ({ page }) => {
  await openReplay(page);
  await page.getByTestId('replay-track').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-speed', '60');
  const started = Date.now();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-playing', 'true');
  await expect(drawnTo(page)).toHaveAttribute('data-drawn-to', String(at(2)), { timeout: 10_000 });
  const elapsed = Date.now() - started;
  await page.getByTestId('replay-play').click();
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-playing', 'false');
  const paused = await replayAt(page);
  // 60×: two minutes of the incident took about two seconds, never less.
  expect(paused - T0).toBeGreaterThanOrEqual(2 * MIN);
  expect(elapsed).toBeGreaterThanOrEqual(1_900);
  await page.waitForTimeout(800);
  expect(await replayAt(page)).toBe(paused);
  // ] and [ step the speed.
  await page.getByTestId('replay-track').focus();
  await page.keyboard.press('[');
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-speed', '30');
});

test('offline, no action and no Retry is offered', async ({ page }) => {
  await openReplay(page);
  await page.getByTestId('replay-track').focus();
  await page.keyboard.press('ArrowLeft'); // minute 59: the incident resolved, the alert resolved
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowRight'); // minute 8: firing, not acknowledged
  await expect(page.getByTestId('alert-item')).toHaveAttribute('data-state', 'firing');
  await page.getByTestId('incident-item').first().click();
  await expect(page.getByTestId('incident-detail')).toHaveAttribute('data-state', 'firing');
  for (const id of ['ack-button', 'incident-ack-button', 'incident-unack-button', 'incident-escalate-button', 'incident-resolve-button', 'note-form', 'export-button', 'dashboard-save', 'dashboard-duplicate', 'dashboard-delete', 'dashboard-edit-layout', 'dashboard-import', 'settings-open']) {
    await expect(page.getByTestId(id), id).toHaveCount(0);
  }
  // A trace the file does not hold: said so, with no Retry (it cannot be fetched offline).
  await page.locator('body').press('t');
  await page.getByTestId('trace-id-input').fill('feedfacefeedface');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('trace-view')).toContainText('is not in this incident file');
  await expect(page.getByTestId('panel-retry')).toHaveCount(0);
});
