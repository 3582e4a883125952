import { expect, test, type Locator } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The trace waterfall on the embedded demo fleet, opened from the war room's log lines. */
// A minute into a gateway partition, so error lines with traces are there from the start: a healthy fleet
// logs errors only at random and rarely, and under load the first one took over a minute (demo/fleet/unlock.ts).
const host = hostForSpec('demo', ['--incident', 'gateway-partition', '--incident-ago', '60']);

const fraction = async (locator: Locator, name: 'data-from' | 'data-to') => Number(await locator.getAttribute(name));

test('trace waterfall: the RPC split without hovering, minimap zoom, errors-only filter with next/previous, depth, statistics', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const logs = page.locator('[data-panel-id="logs"]');
  // An error line's trace: the demo fleet logs an error where a request failed.
  const errorLine = logs.locator('[data-level="error"]').filter({ has: page.getByTestId('log-trace-link') }).first();
  await expect(errorLine).toBeVisible();
  await errorLine.getByTestId('log-trace-link').click();
  const view = page.getByTestId('trace-view');
  await expect(view).toBeVisible();
  const rows = view.getByTestId('trace-row');
  await expect(rows.first()).toBeVisible();
  const waterfall = view.getByTestId('trace-waterfall');
  const totalRows = Number(await waterfall.getAttribute('data-row-count'));
  expect(totalRows).toBeGreaterThan(1);
  // Each row sits one row height below the one before it (rows are placed absolutely, by top: WaterfallRow.tsx).
  const boxes = await rows.evaluateAll((els) => els.slice(0, 4).map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, height: r.height })));
  expect(boxes.length).toBe(Math.min(4, totalRows));
  for (let i = 1; i < boxes.length; i += 1) expect(boxes[i]!.top - boxes[i - 1]!.top).toBeCloseTo(boxes[0]!.height, 0);

  // 1. Select a span with a server part: its numbers are on the row and in the detail, no hover.
  const rpcRow = rows.filter({ has: page.locator('[data-segment="network-out"]') }).first();
  await rpcRow.click();
  await expect(rpcRow).toHaveAttribute('aria-selected', 'true');
  // The pointer leaves the row: what follows is read without any hover.
  await page.mouse.move(1, 1);
  await expect(view.getByTestId('trace-rpc-tooltip')).toHaveCount(0);
  const parts = await rpcRow.getByTestId('trace-row-part').evaluateAll((els) => els.map((el) => el.getAttribute('data-part')));
  expect(parts.sort()).toEqual(['network-back', 'network-out', 'server']);
  await expect(rpcRow.locator('[data-part="network-out"]')).toHaveText(/^out \d+(\.\d+)? (µs|ms|s)$/);
  await expect(rpcRow.locator('[data-part="network-back"]')).toHaveText(/^back \d+(\.\d+)? (µs|ms|s)$/);
  await expect(view.getByTestId('span-rpc-split')).toHaveText(/^network out \d+(\.\d+)? (µs|ms|s) · server \d+(\.\d+)? (µs|ms|s) · network back \d+(\.\d+)? (µs|ms|s)$/);
  await expect(view.getByTestId('span-logs')).toHaveAttribute('data-state', 'lines');

  // 2. Zoom with the minimap: drag 20 %→50 % of it draws that window; the ruler follows; 0 resets.
  const minimap = view.getByTestId('trace-minimap');
  const box = (await minimap.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const windowBox = view.getByTestId('trace-minimap-window');
  expect(await fraction(windowBox, 'data-from')).toBeCloseTo(0.2, 2);
  expect(await fraction(windowBox, 'data-to')).toBeCloseTo(0.5, 2);
  await expect(view.getByTestId('trace-ruler').locator('.waterfall__tick').first()).not.toHaveText('0 µs');
  await waterfall.focus();
  await page.keyboard.press('0');
  expect(await fraction(windowBox, 'data-from')).toBe(0);
  expect(await fraction(windowBox, 'data-to')).toBe(1);
  await page.keyboard.press('+');
  expect(await fraction(windowBox, 'data-to') - (await fraction(windowBox, 'data-from'))).toBeCloseTo(0.5, 6);
  await page.keyboard.press('0');

  // 3. Errors only: "n of m", next/previous walk the error spans, each one marked as an error.
  await view.getByTestId('trace-filter-errors').check();
  const count = view.getByTestId('trace-match-count');
  await expect(count).toHaveText(/^1 of \d+$/);
  const errors = Number((await count.textContent())!.split(' of ')[1]);
  expect(errors).toBeGreaterThan(0);
  const current = view.locator('[data-match="current"]');
  await expect(current.getByTestId('trace-row-error')).toBeVisible();
  await view.getByTestId('trace-match-next').click();
  await expect(count).toHaveText(errors > 1 ? `2 of ${errors}` : `1 of ${errors}`);
  await expect(current.getByTestId('trace-row-error')).toBeVisible();
  await view.getByTestId('trace-filter-text').focus();
  await page.keyboard.press('Shift+Enter');
  await expect(count).toHaveText(`1 of ${errors}`);
  await page.keyboard.press('F3');
  await expect(count).toHaveText(errors > 1 ? `2 of ${errors}` : `1 of ${errors}`);
  await view.getByTestId('trace-filter-clear').click();
  await expect(count).toHaveCount(0);

  // 4. Collapse by depth: depth 1 leaves the roots; expand all brings every row back.
  await view.getByTestId('trace-depth').selectOption('1');
  const rootRows = Number(await waterfall.getAttribute('data-row-count'));
  expect(rootRows).toBeGreaterThanOrEqual(1);
  expect(rootRows).toBeLessThan(totalRows);
  await expect(rows.first().getByTestId('trace-row-toggle')).toHaveAttribute('aria-expanded', 'false');
  await view.getByTestId('trace-depth').selectOption('2');
  expect(Number(await waterfall.getAttribute('data-row-count'))).toBeGreaterThan(rootRows);
  await view.getByTestId('trace-expand-all').click();
  await expect(waterfall).toHaveAttribute('data-row-count', String(totalRows));

  // 5. Statistics: one line per service of the trace, sortable.
  const servicesInHeader = Number(((await view.locator('.trace-view__head .muted').textContent()) ?? '').match(/(\d+) services/)![1]);
  await view.getByTestId('trace-tab-stats').click();
  const statRows = view.getByTestId('trace-stats-row');
  await expect(statRows).toHaveCount(servicesInHeader);
  await view.getByTestId('trace-stats-sort-count').click();
  const counts = await statRows.locator('td.num:nth-child(2)').allTextContents();
  const numbers = counts.map((c) => Number(c.replace(/,/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  expect(numbers.reduce((a, b) => a + b, 0)).toBe(totalRows);
});
