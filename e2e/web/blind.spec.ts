import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/**
 * Alerting going blind on the local real stack: with two consoles open (an operator's
 * desk and a wall screen on the viewer URL), Prometheus stops. Both must say "alerting
 * blind since hh:mm" within seconds, and neither may read as an all-clear.
 */
const host = hostForSpec('stack');

test('stopping Prometheus turns both consoles "blind" within seconds, never an all-clear', async ({ browser }) => {
  test.setTimeout(180_000);
  const desk = await (await browser.newContext()).newPage();
  const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await desk.goto(host().tokenUrl);
  await wall.goto(host().viewerUrl);
  for (const page of [desk, wall]) {
    // The first rule evaluations send the Watchdog: until then it is rightly blind.
    await expect(page.getByTestId('alerting-state')).toHaveAttribute('data-state', 'live', { timeout: 90_000 });
  }

  const stoppedAt = Date.now();
  await host().stopServer('prometheus');
  const seconds: number[] = [];
  await Promise.all(
    [desk, wall].map(async (page) => {
      await expect(page.getByTestId('alerting-state')).toHaveAttribute('data-state', 'blind', { timeout: 60_000 });
      seconds.push((Date.now() - stoppedAt) / 1000);
    }),
  );
  console.log(`[blind] both consoles said "blind" ${seconds.map((s) => `${s.toFixed(1)} s`).join(' and ')} after Prometheus stopped`);
  for (const page of [desk, wall]) {
    await expect(page.getByTestId('alerting-state')).toContainText(/alerting blind since \d\d:\d\d/);
    await expect(page.getByTestId('blind-banner')).toContainText(/Prometheus/);
    // The incident list says alerting is blind. Empty, it says it knows nothing, not that all
    // is well; an incident the shared stack had already opened stays listed, open.
    await expect(page.getByTestId('incidents-blind')).toBeVisible();
    await expect(page.getByText('No incidents known — alerting is blind, so this is not an all-clear.').or(page.getByTestId('incident-item').first())).toBeVisible();
    await expect(page.getByText(/^No incidents\.$/)).toHaveCount(0);
  }
});
