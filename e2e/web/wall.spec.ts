import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { hostForSpec, startHost } from '../support/host-process';

/**
 * The wall (issue 8): readable across a room at 3840×2160 in kiosk mode, no clipping from
 * 1280×720, nothing covered at 420 px, STALE everywhere while the host is away and the same
 * bookmarked address working after it restarts, and a playlist turning on its own seconds.
 */
const host = hostForSpec('demo');

/** The computed font size, in px, of the first element matching `selector`. */
const fontPx = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test.describe('at 3840×2160 in kiosk mode', () => {
  test.use({ viewport: { width: 3840, height: 2160 } });

  test('has no chrome but the ribbon, type readable across a room, and fills the screen', async ({ page }) => {
    await page.goto(`${host().viewerUrl}&wall=1&kiosk=1`);
    await expect(page.getByTestId('wall-ribbon')).toBeVisible();
    await expect(page.getByTestId('app-header')).toHaveCount(0);
    // hh:mm:ss and the zone it is in (renderer/src/support/time-format.ts): "14:02:05 CET", "14:02:05 UTC+5:30".
    await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d:\d\d [A-Z][A-Za-z0-9+:-]+$/);
    await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('timeseries-chart')).toBeVisible();
    await expect(page.getByTestId('funnel-step')).toHaveCount(7);
    await expect(page.getByTestId('deployment-row')).toHaveCount(5);

    const sizes = {
      body: await fontPx(page, 'body'),
      panelTitle: await fontPx(page, '.panel__title'),
      funnelStep: await fontPx(page, '[data-testid="funnel-step"]'),
      deployments: await fontPx(page, '[data-testid="deployment-row"] td'),
      alertsHeading: await fontPx(page, '.side-card__head h2'),
      bigNumber: await fontPx(page, '.big-number'),
    };
    console.log(`wall 3840×2160 font sizes (px): ${JSON.stringify(sizes)}`);
    for (const [what, px] of Object.entries(sizes)) expect(px, what).toBeGreaterThanOrEqual(what === 'bigNumber' ? 96 : 28);

    // Empty screen: sample a 40 px lattice; a point is used when a panel, the ribbon, a side card or the status numbers cover it.
    const empty = await page.evaluate(() => {
      const rects = [...document.querySelectorAll('[data-testid="panel"], [data-testid="wall-ribbon"], .side-card, [data-testid="wall-status"], .banner')].map((el) => el.getBoundingClientRect());
      let total = 0;
      let uncovered = 0;
      for (let y = 20; y < innerHeight; y += 40) {
        for (let x = 20; x < innerWidth; x += 40) {
          total += 1;
          if (!rects.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) uncovered += 1;
        }
      }
      return uncovered / total;
    });
    console.log(`wall 3840×2160 empty screen: ${(empty * 100).toFixed(1)} %`);
    expect(empty).toBeLessThanOrEqual(0.1);
    // Filled, not overflowing: the last row of panels ends on the screen.
    const lowest = await page.locator('[data-testid="panel"]').evaluateAll((els) => Math.max(...els.map((el) => el.getBoundingClientRect().bottom)));
    expect(lowest).toBeLessThanOrEqual(2160);
    expect(lowest).toBeGreaterThan(2160 - 60);
  });
});

/** Every legend, axis and plot of every panel lies inside its panel's box (1 px of rounding). */
async function clippedInPanels(page: Page): Promise<string[]> {
  return page.locator('[data-testid="panel"]').evaluateAll((panels) =>
    panels.flatMap((panel) => {
      const box = panel.getBoundingClientRect();
      return [...panel.querySelectorAll('.legend, svg, canvas, .chart__plot, .funnel__step, .deploys')].flatMap((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return [];
        const inside = r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        return inside ? [] : [`${panel.getAttribute('data-panel-id')}: ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} outside ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}`];
      });
    }),
  );
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  for (const [name, suffix] of [['at a desk', ''], ['on a wall', '&wall=1']] as const) {
    test(`clips no legend, axis or plot ${name}`, async ({ page }) => {
      await page.goto(`${host().viewerUrl}${suffix}`);
      await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('timeseries-chart')).toBeVisible();
      await expect(page.getByTestId('funnel-step')).toHaveCount(7);
      await expect(page.getByTestId('deployment-row')).toHaveCount(5);
      expect(await clippedInPanels(page)).toEqual([]);
    });
  }
});

test.describe('at 420 px wide', () => {
  test.use({ viewport: { width: 420, height: 900 } });

  test('the side column sits under the dashboard, covering nothing', async ({ page }) => {
    await page.goto(host().viewerUrl);
    await expect(page.getByTestId('funnel-step')).toHaveCount(7);
    const overlaps = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('[data-testid="panel"], .layout__side')].map((el) => ({ id: el.getAttribute('data-panel-id') ?? 'side column', r: el.getBoundingClientRect() }));
      const found: string[] = [];
      for (let i = 0; i < boxes.length; i += 1)
        for (let j = i + 1; j < boxes.length; j += 1) {
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) found.push(`${boxes[i]!.id} × ${boxes[j]!.id}`);
        }
      return found;
    });
    expect(overlaps).toEqual([]);
    // Nothing wider than the screen: no sideways scrolling to reach a panel's right edge.
    const widest = await page.locator('[data-testid="panel"]').evaluateAll((els) => Math.max(...els.map((el) => el.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(420);
  });
});

/**
 * The next three slide turns and when each happened, recorded in the page (a MutationObserver
 * on the playlist's data-slide), so the test's own pace does not count.
 */
async function nextSlideTurns(page: Page): Promise<{ slide: string; at: number }[]> {
  await page.evaluate(() => {
    const marks: { slide: string; at: number }[] = [];
    (window as unknown as { marks: typeof marks }).marks = marks;
    const el = document.querySelector('[data-testid="playlist"]')!;
    new MutationObserver(() => marks.push({ slide: el.getAttribute('data-slide') ?? '', at: performance.now() })).observe(el, { attributes: true, attributeFilter: ['data-slide'] });
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { marks: unknown[] }).marks.length), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  return page.evaluate(() => (window as unknown as { marks: { slide: string; at: number }[] }).marks);
}

test('a playlist turns each slide after its own seconds, shows what is next, and waits while the keyboard is in use', async ({ page }) => {
  await page.goto(`${host().viewerUrl}&playlist=war-room/row-1:2,war-room/row-3:5`);
  const playlist = page.getByTestId('playlist');
  await expect(playlist).toHaveAttribute('data-slide', 'war-room/row-1');
  await expect(page.locator('[data-panel-id="fleet-online"]')).toBeVisible();
  await expect(page.locator('[data-panel-id="logs"]')).toHaveCount(0);
  await expect(page.getByTestId('playlist-next')).toContainText(/next in \d s/);
  const marks = await nextSlideTurns(page);
  expect(marks.slice(0, 3).map((m) => m.slide)).toEqual(['war-room/row-3', 'war-room/row-1', 'war-room/row-3']);
  const row3Seconds = (marks[1]!.at - marks[0]!.at) / 1000;
  const row1Seconds = (marks[2]!.at - marks[1]!.at) / 1000;
  console.log(`playlist: row-3 shown ${row3Seconds.toFixed(2)} s (asked 5), row-1 shown ${row1Seconds.toFixed(2)} s (asked 2)`);
  expect(row3Seconds).toBeGreaterThan(4.5);
  expect(row3Seconds).toBeLessThan(5.8);
  expect(row1Seconds).toBeGreaterThan(1.5);
  expect(row1Seconds).toBeLessThan(2.8);
  await expect(page.locator('[data-panel-id="logs"]')).toBeVisible();

  // Keyboard focus in the alerts list: the playlist waits, and says so.
  await page.getByTestId('alerts-list').focus();
  await expect(playlist).toHaveAttribute('data-paused', '1');
  const held = await playlist.getAttribute('data-slide');
  await page.waitForTimeout(6000);
  await expect(playlist).toHaveAttribute('data-slide', held!);
  await expect(page.getByTestId('playlist-next')).toContainText('paused while the keyboard is in use');
  await page.getByTestId('alerts-list').blur();
  await expect(playlist).toHaveAttribute('data-paused', '0');
  await expect(playlist).not.toHaveAttribute('data-slide', held!, { timeout: 8000 });
});

test('a playlist of two library dashboards turns each after its own seconds and says which id it skipped', async ({ page }) => {
  await page.goto(`${host().viewerUrl}&playlist=service-health:3,ghost:4,payments:5`);
  const playlist = page.getByTestId('playlist');
  await expect(playlist).toHaveAttribute('data-slide', 'service-health', { timeout: 15_000 });
  await expect(page.getByTestId('playlist-skipped')).toHaveText('skipped: ghost — no such dashboard');
  await expect(page.locator('[data-panel-id="service-latency"]')).toBeVisible();
  const marks = await nextSlideTurns(page);
  expect(marks.slice(0, 3).map((m) => m.slide)).toEqual(['payments', 'service-health', 'payments']);
  const paymentsSeconds = (marks[1]!.at - marks[0]!.at) / 1000;
  const healthSeconds = (marks[2]!.at - marks[1]!.at) / 1000;
  console.log(`library playlist: payments shown ${paymentsSeconds.toFixed(2)} s (asked 5), service-health shown ${healthSeconds.toFixed(2)} s (asked 3)`);
  expect(paymentsSeconds).toBeGreaterThan(4.5);
  expect(paymentsSeconds).toBeLessThan(5.8);
  expect(healthSeconds).toBeGreaterThan(2.5);
  expect(healthSeconds).toBeLessThan(3.8);
  // Each slide is its own dashboard, with its own data: the payments stat shows one number per provider.
  await expect(page.locator('[data-panel-id="payment-success-now"]')).toBeVisible();
  await expect(page.locator('[data-panel-id="payment-success-now"]').getByTestId('stat-value').first()).toHaveText(/^\d+(\.\d)?%$/, { timeout: 15_000 });
  await expect(page.getByTestId('wall-ribbon')).toContainText('Payments');
});

test('while the host is away everything says STALE since when; the same bookmarked address works after a restart', async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-wall-'));
  const first = await startHost('demo', 120_000, dataDir);
  const wallUrl = `${first.viewerUrl}&wall=1&kiosk=1`;
  let second: Awaited<ReturnType<typeof startHost>> | undefined;
  try {
    await page.goto(wallUrl);
    await expect(page.getByTestId('deployment-row')).toHaveCount(5);
    await expect(page.getByTestId('ribbon-alerting')).toHaveAttribute('data-state', 'live');
    // The viewer token stays in a wall's address: that address is the bookmark.
    expect(page.url()).toContain(`token=${new URL(first.viewerUrl).searchParams.get('token')}`);
    for (const id of ['alerts-stale', 'incidents-stale', 'deployments-stale', 'ribbon-stale']) await expect(page.getByTestId(id)).toHaveCount(0);

    await first.stop();
    // Twice the refresh: 10 s for panels, alerts and incidents (5 s refresh), 20 s for blue/green (10 s polls).
    for (const id of ['alerts-stale', 'incidents-stale', 'deployments-stale', 'ribbon-stale']) {
      await expect(page.getByTestId(id)).toContainText(/STALE since \d\d:\d\d:\d\d/, { timeout: 40_000 });
    }
    await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('stale-badge')).toContainText(/STALE since/);

    second = await startHost('demo', 120_000, dataDir);
    expect(second.viewerUrl).toBe(first.viewerUrl);
    // It reconnects and clears by itself: no reload.
    for (const id of ['alerts-stale', 'incidents-stale', 'deployments-stale', 'ribbon-stale']) await expect(page.getByTestId(id)).toHaveCount(0, { timeout: 60_000 });
    await expect(page.locator('[data-panel-id="fleet-online"]').getByTestId('stale-badge')).toHaveCount(0);
    // And the bookmark itself opens the wall on the restarted host.
    const fresh = await page.context().newPage();
    await fresh.goto(wallUrl);
    await expect(fresh.getByTestId('deployment-row')).toHaveCount(5);
    await fresh.close();
  } finally {
    await second?.stop();
    await first.stop().catch(() => undefined);
  }
});

test('on a wall a notification goes to the ribbon, over no panel', async ({ page }) => {
  // A playlist the wall cannot use is said in a warning notification.
  await page.goto(`${host().viewerUrl}&wall=1&playlist=war-room:0`);
  // The shared demo host may be alerting too, so its critical notifications can sit in the
  // ribbon beside this one: pick ours by its words, and check that none of them covers a panel.
  const toasts = page.getByTestId('ribbon-toast');
  await expect(toasts.filter({ hasText: 'Playlist not used' })).toHaveCount(1);
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await expect(page.getByTestId('playlist')).toHaveCount(0);
  const boxes = await toasts.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.length).toBeGreaterThan(0);
  const covered = await page.locator('[data-testid="panel"]').evaluateAll(
    (els, ts) => els.filter((el) => {
      const r = el.getBoundingClientRect();
      return ts.some((t) => r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom);
    }).length,
    boxes,
  );
  expect(covered).toBe(0);
});
