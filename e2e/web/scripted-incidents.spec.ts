import { expect, type Page, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/**
 * One test per scripted incident of the demo fleet: the war room, opened a few minutes into
 * it, must name the city (its heat-grid cell), the channel, the service and the release —
 * what an on-call engineer should read from across the room within a minute of looking.
 * Each host starts its fleet that far into the incident (e2e/support/serve.ts --incident-ago),
 * so no test waits for rate windows to fill.
 */
const grid = (page: Page, panel: string) => page.locator(`[data-panel-id="${panel}"]`).getByTestId('heatgrid');
const cell = (page: Page, panel: string, row: string, col: string) => grid(page, panel).locator(`[data-testid="heat-cell"][data-row="${row}"][data-col="${col}"]`);
const percent = async (page: Page, panel: string, row: string, col: string) => Number.parseFloat((await cell(page, panel, row, col).locator('.heatgrid__value').innerText()).replace('%', ''));

/** What the demo's incident hit, from the errors it logs in the war room's logs panel (what it says, not what the test assumes). */
async function logLineMatching(page: Page, pattern: RegExp): Promise<RegExpExecArray> {
  const logs = page.locator('[data-panel-id="logs"]');
  await expect(logs).toContainText(pattern, { timeout: 30_000 });
  return pattern.exec(await logs.innerText())!;
}

test.describe('gateway partition', () => {
  const host = hostForSpec('demo', ['--incident', 'gateway-partition', '--incident-ago', '240']);

  test('the heat grid flags the partitioned city, offline and GPRS-only', async ({ page }) => {
    const started = Date.now();
    await page.goto(host().tokenUrl);
    const [, city] = await logLineMatching(page, /no route to the (\w+) gateway cluster/);
    const fleet = grid(page, 'fleet-health-grid');
    await expect(fleet).toHaveAttribute('data-flagged', city!, { timeout: 30_000 });
    console.log(`[war room] flagged ${city} ${((Date.now() - started) / 1000).toFixed(1)} s after opening`);
    await expect(cell(page, 'fleet-health-grid', city!, 'online')).toHaveAttribute('data-state', 'bad');
    // The channel: GPRS commands go through the cut gateway, Bluetooth unlocks through the rider's phone.
    await expect(cell(page, 'fleet-health-grid', city!, 'unlock-gprs')).toHaveAttribute('data-state', 'bad');
    expect(await percent(page, 'fleet-health-grid', city!, 'unlock-bluetooth')).toBeGreaterThan(await percent(page, 'fleet-health-grid', city!, 'unlock-gprs') + 50);
    // Only that city is offline.
    const others = await fleet.locator('[data-testid="heat-cell"][data-col="online"]').evaluateAll((cells, c) => cells.filter((el) => el.getAttribute('data-row') !== c).map((el) => el.getAttribute('data-state')), city);
    expect(others).toHaveLength(4);
    for (const state of others) expect(state).not.toBe('bad');
    // The war room's first row is the flagged city's: worst first.
    await expect(fleet.locator('[data-testid="heatgrid-row"]').first()).toHaveAttribute('data-row', city!);
  });
});

test.describe('payment outage', () => {
  const host = hostForSpec('demo', ['--incident', 'payment-outage', '--incident-ago', '150']);

  test('payment-service reads bad, the incident names it, and the payments chart has its provider', async ({ page }) => {
    const started = Date.now();
    await page.goto(host().tokenUrl);
    const [, provider] = await logLineMatching(page, /(\w+) (?:returned an error|did not answer within)/);
    await expect(cell(page, 'service-health-grid', 'payment-service', 'errors')).toHaveAttribute('data-state', 'bad', { timeout: 30_000 });
    console.log(`[war room] payment-service bad (provider ${provider}) ${((Date.now() - started) / 1000).toFixed(1)} s after opening`);
    // Its callers fail with it (app-gateway may read worse): the incident, correlated along the call graph, names payment-service.
    await expect(page.locator('[data-testid="incident-item"][data-status="open"][data-services*="payment-service"]').first()).toContainText('payment-service');
    // No city is offline: a payment fault is not a fleet fault.
    const online = await grid(page, 'fleet-health-grid').locator('[data-testid="heat-cell"][data-col="online"]').evaluateAll((cells) => cells.map((el) => el.getAttribute('data-state')));
    expect(online).toHaveLength(5);
    for (const state of online) expect(state).not.toBe('bad');
    // The provider is a line of the payments chart (the legend names it).
    await expect(page.locator('[data-panel-id="payments"]').getByTestId('legend-entry').filter({ hasText: provider! })).toHaveCount(1);
  });
});

test.describe('bad release', () => {
  const host = hostForSpec('demo', ['--incident', 'bad-release', '--incident-ago', '180']);

  test('lock-service reads bad, the incident names it, and its charts mark the release that went live', async ({ page }) => {
    const started = Date.now();
    await page.goto(host().tokenUrl);
    await expect(cell(page, 'service-health-grid', 'lock-service', 'errors')).toHaveAttribute('data-state', 'bad', { timeout: 30_000 });
    console.log(`[war room] lock-service bad ${((Date.now() - started) / 1000).toFixed(1)} s after opening`);
    // Its callers fail too (app-gateway may read worse): the incident, correlated along the call graph, names lock-service.
    await expect(page.locator('[data-testid="incident-item"][data-status="open"][data-services*="lock-service"]').first()).toContainText('lock-service');
    // The release marker on the service error-rate chart names the version the blue/green panel shows live.
    const mark = page.locator('[data-panel-id="service-errors"] [data-testid="release-mark"][data-service="lock-service"][data-kind="release"]');
    await expect(mark).toHaveCount(1);
    const version = await mark.getAttribute('data-version');
    expect(version).toMatch(/\d/);
    await expect(page.locator('[data-testid="deployment-row"][data-service="lock-service"]')).toContainText(version!);
    await expect(page.locator('[data-panel-id="service-errors"]').getByTestId('timeseries-chart')).toHaveAttribute('aria-label', new RegExp(`releases: lock-service ${version!.replace(/\./g, '\\.')} went live`));
  });
});
