import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ensureRendererBuilt } from '../lib/renderer-build';
import { openUrlOf } from './host-process';
import type { BenchFigure } from './trace';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What a newcomer waits for after `npm start` (here: the web host) until the first panel
 * draws live data in Chromium. The UI is built beforehand, as it is after the first run.
 */
export async function benchFirstPanel(): Promise<BenchFigure[]> {
  const root = process.cwd();
  ensureRendererBuilt(root, () => undefined);
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/start.ts'), '--web', '--port', '0'], {
    cwd: root,
    env: { ...process.env, LOCKSTEP_DATA_DIR: mkdtempSync(join(tmpdir(), 'lockstep-bench-')) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await openUrlOf(child);
    const hostReady = performance.now();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const navigated = performance.now();
      await page.goto(url);
      await page.locator('[data-panel-id="fleet-online"] [data-testid="timeseries-chart"]:not([data-series-count="0"])').waitFor({ timeout: 60_000 });
      const drawn = performance.now();
      return [
        { label: 'first live panel: start → web host listening', value: Math.round(hostReady - started), unit: 'ms' },
        { label: 'first live panel: page load → fleet panel drawn with data', value: Math.round(drawn - navigated), unit: 'ms' },
        { label: 'first live panel: start → panel drawn (excluding browser launch)', value: Math.round(hostReady - started + drawn - navigated), unit: 'ms' },
      ];
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}
