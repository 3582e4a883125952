import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The embedded demo on the web host: the funnel states its window and compares with the synthesised week. */
const host = hostForSpec('demo');

test('the war-room funnel states its window and compares with a week earlier; the Unlock funnel filters by city', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const funnel = page.locator('[data-panel-id="funnel"]');
  await expect(funnel.getByTestId('funnel-window')).toHaveText(/^Counts over the last 30 min, \d\d:\d\d–\d\d:\d\d local, beside the same window a week earlier$/);
  await expect(funnel.getByTestId('funnel-week')).toHaveCount(7);
  await expect(funnel.getByTestId('funnel-verdict')).toHaveText(/^(No step is abnormal against a week earlier|Abnormal: )/);
  await funnel.screenshot({ path: 'test-results/funnel-war-room.png' });

  await page.getByTestId('dashboard-picker').selectOption('unlock-funnel');
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dashboard-id', 'unlock-funnel');
  const perCity = page.locator('[data-panel-id="funnel"]');
  await expect(perCity.getByTestId('funnel-step')).toHaveCount(7);
  await expect(perCity.getByTestId('funnel-week')).toHaveCount(7);
  await expect(page.locator('[data-panel-id="rate-unlock-success"]').getByTestId('timeseries-chart')).toBeVisible();
  await page.screenshot({ path: 'test-results/funnel-unlock-dashboard.png' });
});
