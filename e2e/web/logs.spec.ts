import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/** The war room's "Warnings and errors" panel on the embedded demo fleet. */
// A minute into a gateway partition, so error lines with traces are there from the start: a healthy fleet
// logs errors only at random and rarely, and under load the first one took over a minute (demo/fleet/unlock.ts).
const host = hostForSpec('demo', ['--incident', 'gateway-partition', '--incident-ago', '60']);

test('logs: filter by level, search with highlight and a refused regex, keyboard, and error patterns with counts', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const panel = page.locator('[data-panel-id="logs"]');
  const rows = panel.getByTestId('log-line');
  await expect(rows.first()).toBeVisible();

  // Level chips carry counts; choosing one leaves only its lines.
  const errorChip = panel.getByTestId('log-level-error');
  await expect(errorChip).toContainText(/error \d/);
  await errorChip.click();
  await expect(errorChip).toHaveAttribute('aria-pressed', 'true');
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-level'))))).toEqual(new Set(['error']));
  await errorChip.click();

  // `/` from the list focuses the search; a hit is marked in every row shown.
  await panel.getByTestId('logs-scroll').focus();
  await page.keyboard.press('/');
  const search = panel.getByTestId('log-search');
  await expect(search).toBeFocused();
  await search.fill('LOCK');
  await expect(panel.getByTestId('log-hit').first()).toBeVisible();
  const hits = await panel.getByTestId('log-hit').allTextContents();
  expect(hits.length).toBeGreaterThan(0);
  for (const hit of hits) expect(hit.toLowerCase()).toBe('lock');
  const messages = await panel.getByTestId('log-message').allTextContents();
  for (const message of messages) expect(message.toLowerCase()).toContain('lock');
  await expect(panel.getByTestId('log-shown')).toContainText(/of [\d,]+ lines/);

  await search.fill('/(unclosed/');
  await expect(panel.getByTestId('log-search-error')).toContainText('is not a valid regular expression');
  await search.fill('');

  // One Tab stop: arrows move the current row, Enter opens its detail, Escape closes it.
  // The panel keeps refreshing, and new lines come in at the top: the current row is a line,
  // not a place, so it is found by its place after the press (below the newest line, one
  // current row), not expected at index 1.
  await panel.getByTestId('logs-scroll').focus();
  const currentRows = () => rows.evaluateAll((els) => els.flatMap((el, index) => (el.getAttribute('aria-current') === 'true' ? [index] : [])));
  await expect.poll(currentRows).toEqual([0]);
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => {
      const current = await currentRows();
      return current.length === 1 && current[0]! > 0;
    })
    .toBe(true);
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('log-detail')).toBeVisible();
  await expect(panel.getByTestId('log-detail')).toContainText('service');
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('log-detail')).toHaveCount(0);

  // Error patterns: each kind of error with its count; choosing one lists its lines.
  await panel.getByTestId('logs-mode-patterns').click();
  await panel.getByTestId('error-patterns-warn').check();
  const patterns = panel.getByTestId('error-pattern');
  await expect(patterns.first()).toBeVisible();
  const counts = (await panel.getByTestId('error-pattern-count').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  expect(counts.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
  const biggest = counts.indexOf(Math.max(...counts));
  const patternText = await patterns.nth(biggest).getByTestId('error-pattern-show').textContent();
  await patterns.nth(biggest).getByTestId('error-pattern-show').click();
  await expect(panel.getByTestId('log-pattern-filter')).toBeVisible();
  await expect(rows.first()).toBeVisible();
  // Every line listed is of that pattern: its fixed words appear in each message.
  const fixedWords = patternText!.split(/<\w+>|[^\w-]+/).filter((w) => w.length > 3);
  for (const message of await panel.getByTestId('log-message').allTextContents()) for (const word of fixedWords) expect(message).toContain(word);
  await panel.getByTestId('log-filters-clear').click();
});

test('logs: a trace id link still opens its waterfall', async ({ page }) => {
  await page.goto(host().tokenUrl);
  const link = page.locator('[data-panel-id="logs"]').getByTestId('log-trace-link').first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId('trace-view')).toBeVisible();
  await expect(page.getByTestId('trace-row').first()).toBeVisible();
});
