import { expect, test } from '@playwright/test';
import { startHost } from '../support/host-process';

/**
 * A wall screen runs unattended for days: when its host goes away it must say so at
 * once and mark every panel's data as old, never keep showing it as if it were live.
 */
test('when the host disappears, the wall says it is reconnecting and marks the data stale', async ({ page }) => {
  const host = await startHost('demo');
  try {
    await page.goto(`${host.tokenUrl}&wall=1`);
    await expect(page.locator('html')).toHaveAttribute('data-wall', '1');
    const online = page.locator('[data-panel-id="fleet-online"]');
    await expect(online.getByTestId('timeseries-chart')).toBeVisible();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('stale-badge')).toHaveCount(0);
  } finally {
    await host.stop();
  }
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', /reconnecting|connecting/, { timeout: 15_000 });
  // Two refresh periods (5 s each) without data: every live panel says how old its data is.
  await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('stale-badge')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('stale-badge')).toContainText(/STALE since \d\d:\d\d:\d\d \S+ · \d+ s/);
});
