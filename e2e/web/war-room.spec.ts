import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The embedded demo fleet on the web host: what `npm start` shows where Electron cannot run. */
const host = hostForSpec('demo');

test('shows a live war room: fleet, funnel, services, logs and deployments', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('mode-chip')).toContainText(/demo/i);
  const online = page.locator('[data-panel-id="fleet-online"]');
  await expect(online.getByTestId('timeseries-chart')).toBeVisible();
  for (const city of ['shenzhen', 'shanghai', 'beijing', 'chengdu', 'hangzhou']) {
    await expect(online).toContainText(city);
  }
  await expect(page.getByTestId('funnel-step')).toHaveCount(7);
  await expect(page.getByTestId('funnel-overall')).toContainText('%');
  await expect(page.getByTestId('log-line').first()).toBeVisible();
  await expect(page.getByTestId('deployment-row')).toHaveCount(5);
  await expect(page.getByTestId('deployment-row').filter({ hasText: 'lock-service' })).toContainText(/live/i);
  // The token left the address bar once read, so a screenshot of the wall does not leak it.
  expect(page.url()).not.toContain('token=');
});

test('a trace id in a log line opens its waterfall with the network/server split', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const link = page.getByTestId('log-trace-link').first();
  await expect(link).toBeVisible();
  await link.click();
  const view = page.getByTestId('trace-view');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('trace-row').nth(2)).toBeVisible();
  await expect(view.locator('[data-segment="server"]').first()).toBeVisible();
  await expect(view.locator('[data-segment="network-out"]').first()).toBeAttached();
  await view.getByTestId('trace-row').first().click();
  await expect(page.getByTestId('span-detail')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
});

test('is keyboard first and has a light theme', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.locator('body').press('?');
  await expect(page.getByRole('dialog')).toContainText(/acknowledge/i);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.locator('body').press('t');
  await expect(page.getByTestId('trace-id-input')).toBeFocused();
});

test('without the access token the console explains how to get in and loads no data', async ({ page, request }) => {
  const api = await request.post(`${host().url}/api/call/getSession`, { data: {}, headers: { 'content-type': 'application/json' } });
  expect(api.status()).toBe(401);
  await page.goto(host().url);
  await expect(page.getByTestId('bad-token')).toContainText(/token/i);
  await expect(page.getByTestId('timeseries-chart')).toHaveCount(0);
});

test('a wall screen on the viewer URL sees the war room, is told it cannot act, and the host refuses its actions', async ({ page, request }) => {
  await page.goto(host().viewerUrl);
  await expect(page.getByTestId('acting-as')).toHaveAttribute('data-role', 'viewer');
  await expect(page.getByTestId('timeseries-chart').first()).toBeVisible();
  const token = new URL(host().viewerUrl).searchParams.get('token')!;
  const refused = await request.post(`${host().url}/api/call/resolveIncident`, {
    data: { incidentId: 'x', comment: 'from a wall', idempotencyKey: 'wall-key-12345' },
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(403);
  const read = await request.post(`${host().url}/api/call/listIncidents`, { data: {}, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
});
