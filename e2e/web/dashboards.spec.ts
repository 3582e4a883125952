import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** Dashboards as data on the embedded demo: Grafana import, variables, the range picker, per-person saves. */
const host = hostForSpec('demo');
// A published Grafana dashboard (shared/testdata/grafana/README.md).
const MODERN = new URL('../../shared/testdata/grafana/modern-hotrod-metrics-logs.json', import.meta.url).pathname;

test('imports the modern Grafana dashboard from a file, says what it skipped, shows its panels and saves it', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dashboard-id', 'war-room');
  await page.getByTestId('dashboard-import').click();
  await page.getByTestId('import-file').setInputFiles(MODERN);
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome).toContainText('Imported HotROD - Metrics and Logs Overview (Grafana dashboard)');
  const skipped = page.getByTestId('import-skipped').locator('li');
  await expect(skipped).toHaveCount(5);
  await expect(skipped.nth(4)).toHaveText(`gauge panel 'Percentage of "$searchable_pattern"  for specified time' shows as a big number with its threshold colour (Lockstep draws no dial)`);
  await outcome.getByRole('button', { name: 'Done' }).click();

  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toHaveAttribute('data-dashboard-id', 'grafana-frivzuzmz');
  const panels = dashboard.getByTestId('panel');
  await expect(panels).toHaveCount(7);
  expect(await panels.evaluateAll((els) => els.map((e) => [e.getAttribute('data-panel-kind'), e.getAttribute('aria-label')]))).toEqual([
    ['stat', 'Total  Count of logs'],
    // Titles read with the variables' values, as Grafana shows them ($searchable_pattern is "error").
    ['stat', 'Total Count: of pattern error'],
    ['logs', 'Live logs'],
    ['stat', 'Percentage of "error"  for specified time'],
    ['timeseries', 'Frontend HTTP response codes'],
    ['timeseries', 'Frontend requests total'],
    ['timeseries', 'Frontend latency percentiles'],
  ]);
  // Its variables are dropdowns and a text box; the demo has no HotROD series, so the query ones offer nothing (or All).
  await expect(page.getByTestId('variable-endpoint').locator('option').first()).toHaveText('All');
  await expect(page.getByTestId('variable-searchable_pattern').locator('input')).toHaveValue('error');

  await page.getByTestId('dashboard-save').click();
  await expect(page.getByTestId('dashboard-message')).toHaveText('Saved for you.');
  await page.reload();
  await expect(page.getByTestId('dashboard-picker').locator('option', { hasText: 'HotROD - Metrics and Logs Overview · yours' })).toHaveCount(1);
});

test('a pasted dashboard’s $city variable is filled from the fleet’s label values and filters its panel', async ({ page }) => {
  await page.goto(host().tokenUrl);
  await page.getByTestId('dashboard-import').click();
  const json = {
    schemaVersion: 2,
    id: 'cities',
    title: 'Cities',
    rangeSeconds: 900,
    refreshSeconds: 5,
    variables: [{ name: 'city', type: 'query', query: { label: 'city', match: 'city:lock_online:ratio' }, includeAll: true, current: ['$__all'] }],
    panels: [{ id: 'online', kind: 'timeseries', title: 'Online in $city', grid: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'city:lock_online:ratio{city=~"$city"}', legend: '{{city}}' }] }],
  };
  await page.getByTestId('import-text').fill(JSON.stringify(json));
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-complete')).toHaveText('Everything in it was imported.');
  await page.getByRole('button', { name: 'Done' }).click();
  const select = page.getByTestId('variable-city').locator('select');
  await expect(select.locator('option')).toHaveText(['All', 'beijing', 'chengdu', 'hangzhou', 'shanghai', 'shenzhen']);
  await expect(page.locator('[data-panel-id="online"]')).toHaveAttribute('aria-label', 'Online in (beijing|chengdu|hangzhou|shanghai|shenzhen)');
  await select.selectOption('chengdu');
  await expect(page.locator('[data-panel-id="online"]')).toHaveAttribute('aria-label', 'Online in chengdu');
  await expect(page.locator('[data-panel-id="online"]').getByTestId('timeseries-chart')).toBeVisible();

  // Edit the layout from the keyboard: → moves the panel one column, Shift+↓ makes it a row taller.
  await page.getByTestId('dashboard-edit-layout').click();
  const handle = page.locator('[data-testid="layout-handle"][data-for-panel="online"]');
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.locator('[data-testid="panel"][data-panel-id="online"]')).toHaveAttribute('style', /grid-area: 1 \/ 2 \/ span 7 \/ span 12|grid-column: 2 \/ span 12; grid-row: 1 \/ span 7/);
  await page.getByTestId('dashboard-edit-layout').click();
  await expect(handle).toHaveCount(0);
});

test('the range picker shows the zone and switches it; a 6 h range past the fleet’s history says when data starts', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const zone = page.getByTestId('time-zone');
  // The war room's zone is local: its IANA name and offset, then UTC at a click.
  await expect(zone).toHaveText(/UTC[+−]\d{2}:\d{2}$/);
  await zone.click();
  await expect(zone).toHaveText('UTC');
  await page.getByTestId('time-range-select').selectOption(String(6 * 3600));
  const notice = page.locator('[data-testid="data-start"][data-for-panel="fleet-online"]');
  await expect(notice).toHaveText(/^no data before \d{2}:\d{2}$/);
  await page.getByTestId('refresh-select').selectOption('0');
  await expect(page.getByTestId('refresh-select')).toHaveValue('0');
  // Refresh off: panels say what time their data is from, neither "live" nor STALE.
  await expect(page.locator('[data-testid="panel"][data-panel-id="fleet-online"]').getByTestId('held-badge')).toHaveText(/^as of \d{2}:\d{2}:\d{2} UTC$/);
  await expect(page.getByTestId('stale-badge')).toHaveCount(0);
  await expect(page.getByTestId('connection-state')).toHaveText('connected');
});

test('a viewer can import and look but not save', async ({ page }) => {
  await page.goto(host().viewerUrl);
  await page.getByTestId('dashboard-import').click();
  await page.getByTestId('import-text').fill(readFileSync(MODERN, 'utf8'));
  await page.getByTestId('import-submit').click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('dashboard').getByTestId('panel')).toHaveCount(7);
  await expect(page.getByTestId('dashboard-save')).toBeDisabled();
  await expect(page.getByTestId('dashboard-save')).toHaveAttribute('title', 'This screen is a viewer: it can look but not save. Open the operator URL to save dashboards.');
});
