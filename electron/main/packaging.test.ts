import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { type UserConfig, build, mergeConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config as forgeConfig, fuses } from '../../forge.config';
import { methodNames } from '../../shared';
import mainViteConfig from '../../vite.main.config';
import preloadViteConfig from '../../vite.preload.config';
import workerViteConfig from '../../vite.worker.config';
import { ColumnsThread } from '../../services/traces/columns-thread';
import { generateTrace } from '../../shared/trace/generate';
import { zipkinColumnsReader } from '../../shared/trace/zipkin-bytes';

const repo = resolve(__dirname, '..', '..');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:sqlite', 'node:sea', 'node:test']);

/** Module ids the bundle still `require`s at run time (ajv's generated-code strings excluded). */
const requiresOf = (code: string) => new Set([...code.matchAll(/(?<![`\w])require\("([^"]+)"\)/g)].map((m) => m[1]));

async function buildInto(base: UserConfig, outDir: string): Promise<void> {
  await build(mergeConfig(base, { configFile: false, root: repo, logLevel: 'silent', build: { outDir, sourcemap: false } }));
}

describe('forge.config', () => {
  it('flips every security fuse the release needs', () => {
    expect(fuses.version).toBe(FuseVersion.V1);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    // Lockstep's pages come from lockstep://; a file:// page gets no extra privileges.
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    const plugin = forgeConfig.plugins?.find((p) => 'name' in p && p.name === 'fuses') as { fusesConfig: unknown } | undefined;
    expect(plugin?.fusesConfig).toEqual(fuses);
  });

  it('decides every fuse Electron has, and fails packaging on one added later', () => {
    // Read from @electron/fuses itself, so upgrading it to a version with a new fuse fails here first.
    const known = Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number');
    const decided = Object.fromEntries(known.map((option) => [FuseV1Options[option], (fuses as Partial<Record<FuseV1Options, boolean>>)[option]]));
    expect(decided).toStrictEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true,
    });
    expect(fuses.strictlyRequireAllFuses).toBe(true);
  });

  it('packages into an asar with the four makers', () => {
    expect(forgeConfig.packagerConfig?.asar).toBe(true);
    const makers = (forgeConfig.makers ?? []).map((m) => ('name' in m ? m.name : undefined));
    expect(makers.sort()).toEqual(['deb', 'dmg', 'squirrel', 'zip']);
  });

  it('builds main, preload and the trace columns worker with their configs, the renderer as main_window, and the HTML report page', () => {
    const vite = forgeConfig.plugins?.find((p) => 'name' in p && p.name === 'vite') as
      | { config: { build: Array<{ entry: string; config: string; target?: string }>; renderer: Array<{ name: string; config: string }> } }
      | undefined;
    expect(vite?.config.build).toEqual([
      { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
      { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      { entry: 'services/traces/columns-worker.ts', config: 'vite.worker.config.ts', target: 'main' },
    ]);
    // The report page lands in .vite/renderer/report, where electron/main/main.ts looks for it (REPORT_DIR).
    expect(vite?.config.renderer).toEqual([
      { name: 'main_window', config: 'vite.renderer.config.ts' },
      { name: 'report', config: 'vite.report.config.ts' },
    ]);
  });
});

describe('the Electron bundles', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'lockstep-bundles-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('builds the sandboxed preload as one CommonJS file that requires only electron', async () => {
    await buildInto(preloadViteConfig as UserConfig, join(out, 'preload'));
    const code = await readFile(join(out, 'preload', 'preload.cjs'), 'utf8');
    expect([...requiresOf(code)]).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  }, 60_000);

  it('builds main.cjs (package.json "main") with electron and Node built-ins left external', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('.vite/build/main.cjs');
    await buildInto(mainViteConfig as UserConfig, join(out, 'main'));
    const code = await readFile(join(out, 'main', 'main.cjs'), 'utf8');
    const requires = requiresOf(code);
    expect(requires.has('electron')).toBe(true);
    expect([...requires].filter((id) => id !== 'electron' && !nodeBuiltins.has(id as string))).toEqual([]);
  }, 120_000);

  it('builds columns-worker.cjs, needing only Node built-ins, and it reads a large trace into columns', async () => {
    await buildInto(workerViteConfig as UserConfig, join(out, 'worker'));
    const file = join(out, 'worker', 'columns-worker.cjs');
    const code = await readFile(file, 'utf8');
    expect([...requiresOf(code)].filter((id) => !nodeBuiltins.has(id as string))).toEqual([]);
    // Started as main.cjs starts it (COLUMNS_WORKER_PATH), on an answer filled as it arrives.
    const thread = new ColumnsThread(() => new Worker(file));
    try {
      expect(await thread.start()).toBe(true);
      const bytes = Buffer.from(JSON.stringify(generateTrace({ spans: 2_000, seed: 3 })));
      const body = Buffer.from(new SharedArrayBuffer(bytes.length));
      const reading = thread.reader(zipkinColumnsReader).follow!(body);
      for (let at = 0; at < bytes.length; at += 100_000) {
        bytes.copy(body, at, at, at + 100_000);
        reading.arrived(Math.min(at + 100_000, bytes.length));
      }
      const columns = await reading.finish();
      expect(thread.jobsStarted).toBe(1);
      expect(columns).toEqual(zipkinColumnsReader.read(bytes));
    } finally {
      await thread.close();
    }
  }, 120_000);

  it('starts from main.cjs against a fake electron: privileged scheme, hardened window, guarded IPC', async () => {
    const dir = join(out, 'main');
    // The fake is TypeScript checked against electron.d.ts; built here to the CommonJS
    // module main.cjs requires. No __esModule marker: like the real 'electron', the
    // module object itself is what a default import (electron-store's) receives.
    await buildInto(
      {
        build: {
          target: 'node22',
          minify: false,
          lib: { entry: join(__dirname, 'testdata', 'fake-electron.ts'), formats: ['cjs'], fileName: () => 'index.js' },
          rollupOptions: { external: [...nodeBuiltins], output: { exports: 'named', esModule: false } },
        },
      },
      join(dir, 'node_modules', 'electron'),
    );
    await copyFile(join(__dirname, 'testdata', 'start-main.cjs'), join(dir, 'start-main.cjs'));
    const configPath = join(out, 'config.json');
    // A Prometheus on the discard port: the services start and report it unreachable.
    await writeFile(configPath, JSON.stringify({ mode: 'stack', sources: [{ kind: 'prometheus', id: 'prom', name: 'P', url: 'http://127.0.0.1:9' }] }));
    await mkdir(join(out, 'user-data'));
    const { stdout } = await promisify(execFile)(process.execPath, ['start-main.cjs'], {
      cwd: dir,
      timeout: 30_000,
      env: { ...process.env, FAKE_USER_DATA: join(out, 'user-data'), LOCKSTEP_CONFIG: configPath },
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const result = JSON.parse(line?.slice('RESULT '.length) ?? '{}') as {
      calls: Array<[string, ...unknown[]]>;
      channels: string[];
      trusted?: unknown;
      foreign?: unknown;
    };
    const names = result.calls.map(([name]) => name);
    expect(result.calls.filter(([name]) => name === 'showErrorBox')).toEqual([]);
    // Privileges must be registered before the app is ready, and only once.
    expect(names.indexOf('registerSchemesAsPrivileged')).toBeLessThan(names.indexOf('whenReady'));
    expect(result.calls.find(([name]) => name === 'BrowserWindow')?.[1]).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(result.calls.find(([name]) => name === 'loadURL')?.[1]).toBe('lockstep://app/index.html');
    // One channel per contract method, plus the two file dialogs.
    expect(result.channels).toHaveLength(methodNames.length + 2);
    expect(result.trusted).toMatchObject({ ok: true, value: { product: 'Lockstep', host: 'electron', mode: 'stack' } });
    expect(result.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);
});
