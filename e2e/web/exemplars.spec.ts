import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The service latency panel's exemplars on the embedded demo: each dot opens its request's trace. */
const host = hostForSpec('demo');

test('an exemplar dot on the latency panel opens its trace, by click and by Enter', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const panel = page.locator('[data-panel-id="service-latency-p95"]');
  await expect(panel.getByTestId('timeseries-chart')).toBeVisible();
  const dots = panel.locator('[data-testid="exemplar-dot"][data-trace-id]');
  await expect(dots.first()).toBeAttached({ timeout: 20_000 });
  expect(await dots.count()).toBeGreaterThan(3);

  // Recent dots: the demo keeps only its latest 20,000 traces, so the oldest dot's trace may just have gone.
  const first = dots.last();
  const traceId = await first.getAttribute('data-trace-id');
  await expect(first).toHaveAttribute('aria-label', new RegExp(`trace ${traceId} — press Enter to open it$`));
  // Diamonds can overlap: click the dot's centre and expect the trace of the one on top there.
  const box = (await first.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const topId = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="exemplar-dot"]')?.getAttribute('data-trace-id'), at);
  expect(topId).toBeTruthy();
  await page.mouse.click(at.x, at.y);
  const view = page.getByTestId('trace-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText(topId!);
  await expect(view.getByTestId('trace-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();

  const last = dots.nth((await dots.count()) - 2);
  const lastId = await last.getAttribute('data-trace-id');
  await last.focus();
  await page.keyboard.press('Enter');
  await expect(view).toBeVisible();
  await expect(view).toContainText(lastId!);
});
