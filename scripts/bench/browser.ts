import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import type { LockstepConfig } from '../../services/config/sources';
import { startWebHost, type WebHost } from '../../web/server';
import { ensureRendererBuilt } from '../lib/renderer-build';
import type { BenchFigure } from './trace';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, as the e2e tests run it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * The web host as `npm run web` serves it, on a fresh data directory and a free port, with the
 * UI built (or serving `rendererDir`, e.g. an unminified build a profile can name functions in).
 */
export function startBenchWebHost(config: LockstepConfig, embeddedSource?: Parameters<typeof startWebHost>[0]['embeddedSource'], rendererDir = ensureRendererBuilt(process.cwd(), () => undefined)): Promise<WebHost> {
  return startWebHost({
    config,
    dataDir: mkdtempSync(join(tmpdir(), 'lockstep-bench-')),
    port: 0,
    rendererDir,
    defaultActor: 'bench',
    ...(embeddedSource ? { embeddedSource } : {}),
  });
}

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50 / p95 / max of a sample, in ms, each against a target. */
export function spread(label: string, values: readonly number[], targetMs: number): BenchFigure[] {
  const verdict = (v: number) => `ms (target < ${targetMs} ms: ${v < targetMs ? 'met' : `missed by ${Math.round(v - targetMs)} ms`})`;
  const p50 = percentile(values, 50);
  const p95 = percentile(values, 95);
  const max = Math.max(...values);
  return [
    { label: `${label}: p50 (n=${values.length})`, value: Math.round(p50), unit: verdict(p50) },
    { label: `${label}: p95`, value: Math.round(p95), unit: verdict(p95) },
    { label: `${label}: max`, value: Math.round(max), unit: 'ms' },
  ];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
