/**
 * `npm run open -- FILE`: review an incident file with nothing else running — no sources,
 * no network, a console on 127.0.0.1 that opens the file and nothing else.
 *   --browser      also open the page in the default browser
 *   --port N       listen on N (default: any free port)
 *   --html [OUT]   instead, write the self-contained HTML report of FILE (default: beside it)
 * A file that cannot be read is one sentence on stderr and exit code 2.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { OPEN_INCIDENT_FILE_PARAM } from '../shared/api/wire';
import { buildHtmlReport, htmlReportName, loadReportAssets } from '../services/export/html-report';
import { describeError } from '../services/util/errors';
import { startWebHost } from '../web/server';
import { defaultDataDir } from './lib/data-dir';
import { readIncidentFileArg } from './lib/incident-file-arg';
import { incidentTitleOf } from './lib/incident-title';
import { OFFLINE_CONFIG } from './lib/offline-config';
import { ensureRendererBuilt } from './lib/renderer-build';
import { ensureReportBuilt } from './lib/report-build';

const USAGE_EXIT = 2;

function openInBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`Lockstep: could not start a browser (${command}); open the address above yourself.`));
  child.unref();
}

async function main(): Promise<void> {
  let values: { browser?: boolean; port?: string; html?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: { browser: { type: 'boolean', default: false }, port: { type: 'string', default: '0' }, html: { type: 'boolean', default: false } },
    }));
  } catch (error) {
    console.error(`lockstep open: ${describeError(error)}. Usage: npm run open -- FILE [--browser] [--port N] [--html [OUT]]`);
    process.exit(USAGE_EXIT);
  }
  const file = readIncidentFileArg(positionals[0]);
  if (!file.ok) {
    console.error(`lockstep open: ${file.problem}`);
    process.exit(USAGE_EXIT);
  }
  const root = process.cwd();
  if (values.html) {
    const out = positionals[1] ?? join(dirname(file.path), htmlReportName(file.name));
    const assets = await loadReportAssets(ensureReportBuilt(root, (line) => console.log(line)));
    writeFileSync(out, buildHtmlReport({ file: file.bytes, fileName: file.name, title: incidentTitleOf(file.bytes) ?? file.name, assets }));
    console.log(`Lockstep: wrote the HTML report ${out} — open it in any browser; it needs no server and no network.`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`lockstep open: --port ${values.port} is not a port number (0–65535).`);
    process.exit(USAGE_EXIT);
  }
  const rendererDir = ensureRendererBuilt(root, (line) => console.log(line));
  const host = await startWebHost({
    config: OFFLINE_CONFIG,
    // Its own folder: this console's incident store must never touch the live console's.
    dataDir: join(defaultDataDir(), 'open-file'),
    port,
    host: '127.0.0.1',
    rendererDir,
    configOrigin: 'npm run open (no sources: offline review of one incident file)',
    incidentFile: { name: file.name, bytes: file.bytes },
  });
  const url = `${host.tokenUrl}&${OPEN_INCIDENT_FILE_PARAM}=1`;
  console.log(`Lockstep is showing ${file.name} (read only, no sources, no network) — open ${url}`);
  console.log('Stop with Ctrl+C.');
  if (values.browser) openInBrowser(url);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`lockstep open: ${describeError(error)}`);
  process.exit(1);
});
