import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The Traces screen on the embedded demo: search, sort, the scatter, compare, and a deep link in a fresh page. */
const host = hostForSpec('demo');

test('search by service and min duration, sort, open from the scatter, compare two, follow a deep link', async ({ page, browser }) => {
  await page.goto(host().tokenUrl);
  await expect(page.getByTestId('traces-open')).toBeVisible();
  await page.keyboard.press('f');
  const screen = page.getByTestId('trace-search');
  await expect(screen).toBeVisible();

  // The demo's traced services fill the select; search the first, for traces of at least 1 ms.
  const service = screen.getByTestId('trace-search-service');
  await expect(service.locator('option')).not.toHaveCount(1);
  const name = (await service.locator('option').nth(1).getAttribute('value'))!;
  await service.selectOption(name);
  await screen.getByTestId('trace-search-min').fill('1ms');
  await screen.getByTestId('trace-search-limit').fill('40');
  await screen.getByTestId('trace-search-run').click();
  const rows = screen.getByTestId('trace-result');
  await expect(rows.first()).toBeVisible();
  await expect(screen.getByTestId('trace-search-summary')).toContainText(`service ${name}, at least 1.00 ms`);
  const durations = async () => (await screen.getByTestId('trace-result-duration').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-us')))));
  expect((await durations()).every((us) => us >= 1000)).toBe(true);
  expect(await rows.count()).toBeGreaterThan(1);

  // Longest first, then shortest first.
  await screen.getByTestId('trace-sort-duration').click();
  const longest = await durations();
  expect(longest).toEqual([...longest].sort((a, b) => b - a));
  await screen.getByTestId('trace-sort-duration').click();
  const shortest = await durations();
  expect(shortest).toEqual([...shortest].sort((a, b) => a - b));

  // A dot in the scatter opens its trace; Esc comes back to the results. Opened from the
  // keyboard: two traces begun in the same second with close durations draw overlapping dots,
  // and a click at the first one's centre landed on the other (the scatter's one Tab stop).
  const dot = screen.getByTestId('scatter-dot').first();
  const dotId = (await dot.getAttribute('data-trace-id'))!;
  await dot.focus();
  await page.keyboard.press('Enter');
  const view = page.getByTestId('trace-view');
  await expect(view).toContainText(dotId);
  await expect(view.getByTestId('trace-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
  await expect(screen).toBeVisible();

  // Compare the first two results.
  await screen.getByTestId('trace-pick').nth(0).check();
  await screen.getByTestId('trace-pick').nth(1).check();
  await screen.getByTestId('compare-picked').click();
  const compare = screen.getByTestId('trace-compare');
  await expect(compare.getByTestId('compare-row').first()).toBeVisible();
  await expect(compare.getByTestId('compare-durations')).toContainText('Δ');

  // Open a trace, select its second span, and take its link.
  await screen.getByTestId('trace-result-open').first().click();
  await expect(view.getByTestId('trace-row').nth(1)).toBeVisible();
  const spanRow = view.getByTestId('trace-row').nth(1);
  const spanId = (await spanRow.getAttribute('data-span-id'))!;
  await spanRow.click();
  await view.getByTestId('trace-tab-graph').click();
  await expect(view.getByTestId('trace-graph-node').first()).toBeVisible();
  await view.getByTestId('trace-tab-waterfall').click();
  await view.getByTestId('trace-copy-link').click();
  const link = await view.getByTestId('trace-link').inputValue();
  const traceId = (await view.getAttribute('aria-label'))!.replace(/^Trace /, '');
  // An operator's link never carries the operator's token.
  expect(link).not.toContain(host().token);
  expect(link).toMatch(new RegExp(`#/trace/${traceId}\\?span=[0-9a-f]+$`));

  // A fresh page: the viewer's address with the link's route opens the trace with that span selected.
  const fresh = await browser.newPage();
  try {
    await fresh.goto(`${host().viewerUrl}${new URL(link).hash}`);
    const opened = fresh.getByTestId('trace-view');
    await expect(opened).toContainText(traceId);
    await expect(opened.locator(`[data-testid="trace-row"].is-selected`)).toHaveAttribute('data-span-id', spanId.replace(/:.*$/, ''));
    await expect(opened.getByTestId('span-detail')).toBeVisible();
  } finally {
    await fresh.close();
  }
});
