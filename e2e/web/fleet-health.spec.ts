import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The fleet-health heat grid on the embedded demo: war room and Lock fleet, driven from the keyboard. */
const host = hostForSpec('demo');

test('the war room’s heat grid: one Tab stop, arrow keys across cells, a row per city with a state per cell', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const grid = page.locator('[data-panel-id="fleet-health-grid"]').getByTestId('heatgrid');
  await expect(grid.locator('[data-testid="heatgrid-row"]')).toHaveCount(5);
  const states = await grid.locator('[data-testid="heat-cell"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')));
  expect(states).toHaveLength(20);
  for (const state of states) expect(['ok', 'warn', 'bad', 'nodata']).toContain(state);
  await grid.focus();
  const active = () => grid.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.getAttribute('data-col'));
  expect(await active()).toBe('online');
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe('unlock-gprs');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe('unlock-p95');
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe('unlock-p95');
  await page.keyboard.press('ArrowDown');
  const row = await grid.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.getAttribute('data-row'));
  expect(row).toBe(await grid.locator('[data-testid="heatgrid-row"]').nth(1).getAttribute('data-row'));
  // The grid is one Tab stop: the next Tab leaves it.
  await page.keyboard.press('Tab');
  expect(await grid.evaluate((el) => el.contains(document.activeElement))).toBe(false);
  await page.screenshot({ path: 'test-results/fleet-health-war-room.png' });
});

test('Lock fleet: Enter on a city’s row narrows the dashboard’s city variable to it', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await page.getByTestId('dashboard-picker').selectOption('lock-fleet');
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dashboard-id', 'lock-fleet');
  const grid = page.locator('[data-panel-id="fleet-health-grid"]').getByTestId('heatgrid');
  await expect(grid.locator('[data-testid="heatgrid-row"]')).toHaveCount(5);
  const first = await grid.locator('[data-testid="heatgrid-row"]').first().getAttribute('data-row');
  await grid.focus();
  await page.keyboard.press('Enter');
  await expect(grid.locator('[data-testid="heatgrid-row"]')).toHaveCount(1);
  await expect(grid.locator('[data-testid="heatgrid-row"]')).toHaveAttribute('data-row', first!);
  await expect(page.getByTestId('variable-city').locator('select')).toHaveValues([first!]);
  await page.screenshot({ path: 'test-results/fleet-health-lock-fleet.png', fullPage: true });
});

test.describe('on a 3840×2160 wall', () => {
  test.use({ viewport: { width: 3840, height: 2160 } });

  test('the war room’s heat grid reads from across the room: values at least as large as the wall’s body text', async ({ page }) => {
    await page.goto(`${host().viewerUrl}&wall=1&kiosk=1`);
    const grid = page.locator('[data-panel-id="fleet-health-grid"]').getByTestId('heatgrid');
    await expect(grid.locator('[data-testid="heatgrid-row"]')).toHaveCount(5);
    const px = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const sizes = { body: await px('body'), value: await px('.heatgrid__cell:not(.heatgrid__cell--nodata) .heatgrid__value'), city: await px('.heatgrid__rowhead'), column: await px('.heatgrid__colhead'), words: await px('.heatgrid__words') };
    console.log(`heat grid on a 3840×2160 wall, font sizes (px): ${JSON.stringify(sizes)}`);
    expect(sizes.value).toBeGreaterThanOrEqual(sizes.body);
    expect(sizes.city).toBeGreaterThanOrEqual(sizes.body * 0.9);
    expect(Math.min(sizes.column, sizes.words)).toBeGreaterThanOrEqual(sizes.body * 0.75);
    await page.screenshot({ path: 'test-results/fleet-health-wall.png' });
  });
});
