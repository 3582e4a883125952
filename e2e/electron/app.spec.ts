import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary, missingBuild } from './electron-binary';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const binary = findElectronBinary(repo);
const skipReason = 'missing' in binary ? binary.missing : missingBuild(repo);
if (skipReason) console.warn(`[e2e/electron] Skipping the Electron app tests: ${skipReason}.`);
test.skip(skipReason !== undefined, skipReason ?? '');

interface PageGlobals {
  lockstep?: { host: string; call: Record<string, (request: unknown) => Promise<unknown>>; on: Record<string, unknown> };
}

let app: ElectronApplication;
let userData: string;

test.beforeAll(async () => {
  if (!('path' in binary)) return;
  userData = mkdtempSync(join(tmpdir(), 'lockstep-e2e-'));
  const rootNeedsNoSandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  app = await electron.launch({
    executablePath: binary.path,
    args: [repo, `--user-data-dir=${userData}`, ...rootNeedsNoSandbox],
    cwd: repo,
    // Always the embedded demo: the test must not depend on whatever config the desk has.
    env: { ...process.env, LOCKSTEP_CONFIG: '' },
  });
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('shows the war room from our own origin', async () => {
  const page = await app.firstWindow();
  expect(page.url()).toMatch(/^lockstep:\/\/app\//);
  await expect(page.getByText('Fleet war room').first()).toBeVisible();
});

test('exposes window.lockstep and neither require nor process', async () => {
  const page = await app.firstWindow();
  const globals = await page.evaluate(() => {
    const scope = globalThis as unknown as PageGlobals & Record<string, unknown>;
    return {
      host: scope.lockstep?.host,
      methods: Object.keys(scope.lockstep?.call ?? {}),
      events: Object.keys(scope.lockstep?.on ?? {}),
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
    };
  });
  expect(globals).toMatchObject({ host: 'electron', require: 'undefined', process: 'undefined', module: 'undefined' });
  expect(globals.methods).toContain('getSession');
  expect(globals.events).toContain('notification');

  const reply = await page.evaluate(() => (globalThis as unknown as Required<PageGlobals>).lockstep.call.getSession?.({}));
  expect(reply).toMatchObject({ ok: true, value: { product: 'Lockstep', mode: 'demo' } });
});

test('stays on its origin when the page tries to leave or open windows', async () => {
  const page = await app.firstWindow();
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'file:///etc/passwd';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^lockstep:\/\/app\//);
  expect(app.windows()).toHaveLength(1);
});
