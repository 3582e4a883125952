import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/**
 * Settings in Chromium at 1280×720, on the local real stack whose console starts without
 * its Prometheus and Loki: the fleet panels say no source provides metrics. Adding the
 * stack's Prometheus by URL — a wrong port first, which gives its one sentence — then Test,
 * Save: the panels fill, without a restart. Then the source is removed, and the panels say
 * so. A Loki added the same way is followed live.
 */
const host = hostForSpec('settings');

/** A port nothing listens on: taken from the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function testDraft(page: Page) {
  await page.getByTestId('settings-test').click();
  const result = page.getByTestId('settings-test-result');
  await expect(result).not.toHaveAttribute('data-state', 'testing', { timeout: 30_000 });
  return result;
}

test('add a Prometheus by URL: a wrong port says so, Test says OK, Save fills the panels, Remove empties them', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host().tokenUrl);
  const online = page.locator('[data-panel-id="fleet-online"]');
  await expect(online).toContainText('No configured data source provides metrics.', { timeout: 30_000 });

  // Keyboard first: `s` opens Settings; the config file's sources are listed and cannot be removed.
  await page.locator('body').press('s');
  const settings = page.getByTestId('settings');
  await expect(settings).toBeVisible();
  await expect(settings.getByTestId('settings-source-alertmanager').getByTestId('settings-origin')).toHaveText('config file');
  await expect(settings.getByTestId('settings-secrets')).toContainText('protects a copied or backed-up credentials file without its key file');

  await settings.getByTestId('settings-add-kind').selectOption('prometheus');
  await settings.getByTestId('settings-add').click();
  await settings.getByTestId('source-field-name').fill('Stack Prometheus');
  await expect(settings.getByTestId('source-field-id')).toHaveValue('stack-prometheus');

  const port = await closedPort();
  await settings.getByTestId('source-field-url').fill(`http://127.0.0.1:${port}`);
  const refused = await testDraft(page);
  await expect(refused).toHaveAttribute('data-state', 'failed');
  await expect(refused).toContainText(`127.0.0.1:${port} refused the connection — is Prometheus running there?`);

  await settings.getByTestId('source-field-url').fill(host().stack!.prometheus);
  // The stack's rules record every series within seconds of start; until then Test says which are missing.
  let answered = await testDraft(page);
  for (let attempt = 0; attempt < 20 && (await answered.getAttribute('data-state')) !== 'ok'; attempt++) {
    await page.waitForTimeout(2000);
    answered = await testDraft(page);
  }
  await expect(answered).toHaveAttribute('data-state', 'ok');
  await expect(answered.locator('.settings-test__sentence')).toHaveText(/Prometheus \d+\.\d+\.\d+\S* answered; 8 of 8 recorded series present$/);
  await page.screenshot({ path: testInfo.outputPath('settings-form-dark.png') });

  await settings.getByTestId('settings-save').click();
  await expect(settings.getByTestId('settings-notice')).toHaveText('Added Stack Prometheus; panels and alert polling use it from their next refresh.');
  await expect(settings.getByTestId('settings-source-stack-prometheus').getByTestId('settings-origin')).toHaveText('added here');
  await page.screenshot({ path: testInfo.outputPath('settings-list-dark.png') });

  // Escape closes Settings; the panel fills from the new source without a restart.
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(online.getByTestId('timeseries-chart')).toBeVisible({ timeout: 30_000 });
  await expect(online).toContainText('shenzhen');

  // Light theme, then remove it again: the panel says nothing provides metrics.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('settings-open').click();
  await expect(settings).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('settings-list-light.png') });
  const row = settings.getByTestId('settings-source-stack-prometheus');
  await row.getByTestId('settings-remove').click();
  await expect(settings.getByTestId('settings-confirm')).toContainText('Panels reading it will say it is gone');
  await settings.getByTestId('settings-confirm-remove').click();
  await expect(settings.getByTestId('settings-notice')).toHaveText('Removed Stack Prometheus; its panels now say it is gone.');
  await page.keyboard.press('Escape');
  await expect(online).toContainText('No configured data source provides metrics.', { timeout: 30_000 });
});

test('add a Loki and follow it live', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host().tokenUrl);
  const logs = page.locator('[data-panel-id="logs"]');
  await expect(logs).toContainText('No configured data source provides logs.', { timeout: 30_000 });
  await page.getByTestId('settings-open').click();
  const settings = page.getByTestId('settings');
  await settings.getByTestId('settings-add-kind').selectOption('loki');
  await settings.getByTestId('settings-add').click();
  await settings.getByTestId('source-field-name').fill('Fleet logs');
  await settings.getByTestId('source-field-url').fill(host().stack!.demo);
  const answered = await testDraft(page);
  await expect(answered).toHaveAttribute('data-state', 'ok');
  await expect(answered.locator('.settings-test__sentence')).toHaveText(/Loki .* answered; \d+ labels in the last hour$/);
  await settings.getByTestId('settings-save').click();
  await expect(settings.getByTestId('settings-notice')).toHaveText('Added Fleet logs; panels and alert polling use it from their next refresh.');
  await page.keyboard.press('Escape');
  await expect(logs.getByTestId('log-line').first()).toBeVisible({ timeout: 30_000 });
  await logs.getByTestId('logs-live-toggle').click();
  await expect(logs.getByTestId('logs-live-status')).toHaveText('live', { timeout: 30_000 });
});

test('a viewer (wall screen) is told Settings is for operators', async ({ page }) => {
  await page.goto(host().viewerUrl);
  await expect(page.getByTestId('app-header')).toBeVisible();
  await page.locator('body').press('s');
  await expect(page.getByTestId('settings-refused')).toContainText('This screen is a viewer: it can look but not act. Data sources and secrets are set from an operator’s console.');
});
