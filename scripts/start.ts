/**
 * `npm start`: the desktop app on the embedded demo fleet. Where the Electron binary
 * cannot be had it says so in one line and serves the same console as the web host.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { createDemoSource } from '../demo';
import { startWebHost } from '../web/server';
import { commandStartedAt } from './lib/command-start';
import { defaultDataDir } from './lib/data-dir';
import { fetchElectron } from './lib/electron-binary';
import { demoConfig, loadConfig } from './lib/load-config';
import { buildMainAndPreload, ensureRendererBuilt } from './lib/renderer-build';
import { describeError } from '../services/util/errors';

const { values } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    config: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    locks: { type: 'string' },
    incident: { type: 'string', multiple: true, default: [] },
    /** A named operator credential for the web host (repeatable): its own URL, and its name on what it does. */
    operator: { type: 'string', multiple: true, default: [] },
  },
});

const root = process.cwd();
// Timed from the person's command (npm and the set-up step included), not from this script.
const startedAt = commandStartedAt();

async function main(): Promise<void> {
  if (!values.web) {
    const electron = fetchElectron(root);
    if ('path' in electron) {
      // The app loads only from its lockstep:// scheme, so it runs the built bundles
      // (not Forge's dev server): build what is stale, then launch.
      ensureRendererBuilt(root, (line) => console.log(line));
      buildMainAndPreload(root);
      const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...(values.config ? { LOCKSTEP_CONFIG: values.config } : {}) } });
      child.on('exit', (code) => process.exit(code ?? 0));
      return;
    }
    console.log(`Lockstep: ${electron.missing}, so the desktop window cannot open here; serving the same console in your browser instead.`);
  }
  // --config, else LOCKSTEP_CONFIG (as the desktop app reads it), else the demo; the environment's overrides apply to each (README, Configuration).
  const configPath = values.config ?? (process.env.LOCKSTEP_CONFIG?.trim() || undefined);
  const loaded = configPath
    ? { ...loadConfig(configPath), origin: values.config ? configPath : `${configPath} (from LOCKSTEP_CONFIG)` }
    : { config: demoConfig({ locks: values.locks ? Number(values.locks) : undefined, incidents: values.incident }, process.env), environment: [], origin: 'the embedded demo fleet' };
  const config = loaded.config;
  const rendererDir = ensureRendererBuilt(root, (line) => console.log(line));
  const host = await startWebHost({
    config,
    dataDir: defaultDataDir(),
    port: Number(values.port),
    // No --port: the last run's port when free, so a wall's bookmarked viewer URL survives restarts.
    rememberPort: true,
    host: values.host,
    rendererDir,
    embeddedSource: createDemoSource,
    operators: values.operator,
    configOrigin: loaded.origin,
    environment: loaded.environment,
  });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (host.portNote) console.log(`Lockstep: ${host.portNote}`);
  const [owner, ...others] = host.operatorUrls;
  console.log(`Lockstep ${config.mode === 'demo' ? 'demo war room' : 'console'} is live ${seconds} s after the command started — open ${host.tokenUrl}`);
  console.log(`  acting as ${owner?.name ?? 'the operator'}; viewer (can look, not act): ${host.viewerUrl}`);
  console.log(`  wall screen (viewer, kiosk; bookmark it: it survives restarts): ${host.viewerUrl}&wall=1&kiosk=1`);
  for (const operator of others) console.log(`  operator ${operator.name}: ${operator.url}`);
  if (values.host === '0.0.0.0' || values.host === '::') {
    console.log(`Wall screens on the network (viewer): ${host.viewerUrl.replace('127.0.0.1', hostname())}`);
  }
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Lockstep could not start: ${describeError(error)}`);
  process.exit(1);
});
