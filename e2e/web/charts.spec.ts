import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/**
 * The canvas time-series charts on the embedded demo at a laptop's 1280×720: every series
 * of the service error-rate panel reachable in its legend, isolate and toggle change what
 * is drawn, and the chart is one Tab stop with its legend under the arrow keys.
 */
const host = hostForSpec('demo');

test.use({ viewport: { width: 1280, height: 720 } });

test('the service error-rate legend reaches every series; click isolates, shift-click toggles; one Tab stop', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const panel = page.locator('[data-panel-id="service-errors"]');
  const chart = panel.getByTestId('timeseries-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(chart).not.toHaveAttribute('data-series-count', '0');
  const count = Number(await chart.getAttribute('data-series-count'));
  expect(count).toBeGreaterThanOrEqual(2);

  // Every series has an entry, the count says so, and each entry can be scrolled into view inside the legend.
  const entries = chart.getByTestId('legend-entry');
  await expect(entries).toHaveCount(count);
  await expect(chart.getByTestId('legend-count')).toHaveText(`${count} series`);
  const names = await entries.allInnerTexts();
  expect(names.some((n) => n.includes('payment-service'))).toBe(true);
  for (let i = 0; i < count; i += 1) {
    await entries.nth(i).scrollIntoViewIfNeeded();
    await expect(entries.nth(i)).toBeInViewport();
  }

  // Click isolates: only that series is drawn; a second click shows all again.
  await expect(chart).toHaveAttribute('data-shown-count', String(count));
  const drawsBefore = Number(await chart.getAttribute('data-draws'));
  await entries.nth(1).click();
  await expect(chart).toHaveAttribute('data-shown-count', '1');
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(entries.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => Number(await chart.getAttribute('data-draws'))).toBeGreaterThan(drawsBefore);
  await entries.nth(1).click();
  await expect(chart).toHaveAttribute('data-shown-count', String(count));

  // Shift-click toggles one series and leaves the others.
  await entries.nth(0).click({ modifiers: ['Shift'] });
  await expect(chart).toHaveAttribute('data-shown-count', String(count - 1));
  await expect(entries.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await entries.nth(0).click({ modifiers: ['Shift'] });
  await expect(chart).toHaveAttribute('data-shown-count', String(count));

  // One Tab stop: exactly one element inside the chart is tabbable.
  const tabbable = await chart.evaluate((el) => [...el.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((e) => e.tabIndex >= 0).length);
  expect(tabbable).toBe(1);

  // From the keyboard: Tab enters the chart at its legend; ↓ moves; Space toggles; Enter isolates; Escape shows all; Tab leaves.
  await entries.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(entries.nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'false');
  await expect(chart).toHaveAttribute('data-shown-count', String(count - 1));
  await page.keyboard.press('ArrowDown');
  await expect(entries.nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(chart).toHaveAttribute('data-shown-count', '1');
  await expect(entries.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-shown-count', String(count));
  await page.keyboard.press('Tab');
  const stillInside = await chart.evaluate((el) => el.contains(document.activeElement));
  expect(stillInside).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(entries.nth(2)).toBeFocused();
});

test('axes carry one unit each, on round ticks', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const errors = page.locator('[data-panel-id="service-errors"] [data-testid="timeseries-chart"]');
  await expect(errors).toHaveAttribute('data-y-ticks', /%/);
  const errorTicks = (await errors.getAttribute('data-y-ticks'))!.split('|');
  expect(errorTicks.every((t) => /^\d+(\.\d+)?%$/.test(t))).toBe(true);
  const steps = errorTicks.map((t) => Number.parseFloat(t)).slice(1).map((v, i) => v - Number.parseFloat(errorTicks[i]!));
  expect(new Set(steps.map((s) => s.toFixed(6))).size).toBe(1);
  const latency = page.locator('[data-panel-id="service-latency-p95"] [data-testid="timeseries-chart"]');
  await expect(latency).toHaveAttribute('data-y-ticks', / (ms|s)$/);
  const latencyTicks = (await latency.getAttribute('data-y-ticks'))!.split('|');
  const units = new Set(latencyTicks.map((t) => t.replace(/^[\d.]+ /, '')));
  expect(units.size).toBe(1);
});
