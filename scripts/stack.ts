import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LockstepConfigSchema } from '../services/config/sources';
import { startWebHost } from '../web/server';
import { startStack, StackPrerequisiteError, stopOnSignals } from '../stack';
import { commandStartedAt } from './lib/command-start';
import { ensureRendererBuilt } from './lib/renderer-build';
import { describeError } from '../services/util/errors';

/**
 * `npm run stack`: the demo fleet scraped by a real Prometheus, alerts routed by a real
 * Alertmanager, and the console's web host connected to them, all on loopback.
 */
const { values: args } = parseArgs({
  options: {
    fast: { type: 'boolean', default: false },
    locks: { type: 'string', default: '20000' },
    'no-schedule': { type: 'boolean', default: false },
    incident: { type: 'string' },
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string', default: '.stack' },
    verbose: { type: 'boolean', default: false },
    /** A named operator credential (repeatable): its own URL, and its name on what it does. */
    operator: { type: 'string', multiple: true, default: [] },
  },
});

const startedAt = commandStartedAt();
const log = (line: string): void => console.log(line);
const dataDir = resolve(args['data-dir']);

async function main(): Promise<void> {
  // The console URL printed below must serve the current UI, not a 503 or a stale build.
  const rendererDir = ensureRendererBuilt(process.cwd(), log);
  log('Starting the local stack (demo fleet, Alertmanager, Prometheus)…');
  const stack = await startStack({
    dataDir,
    fast: args.fast,
    locks: Number(args.locks),
    scheduledIncidents: !args['no-schedule'],
    incident: args.incident,
    verbose: args.verbose,
    log,
  });
  const running: { web?: { close(): Promise<void> } } = {};
  stopOnSignals(async () => {
    await running.web?.close().catch(() => undefined);
    await stack.stop();
  }, log);

  log(`  demo fleet     ${stack.urls.demo}   (POST /api/incidents/bad-release to break something)`);
  log(`  prometheus     ${stack.urls.prometheus}`);
  log(`  alertmanager   ${stack.urls.alertmanager}`);
  log(`  webhook sink   ${stack.urls.webhooks}   (notifications are logged below)`);

  const web = await startWebHost({
    config: LockstepConfigSchema.parse({ mode: 'stack', sources: stack.sources, incidentQuietSeconds: stack.incidentQuietSeconds, escalation: stack.policy }),
    port: Number(args.port),
    // No --port: the last run's port when free, so a wall's bookmarked viewer URL survives restarts.
    rememberPort: true,
    dataDir: join(dataDir, 'console'),
    rendererDir,
    operators: args.operator,
  }).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  running.web = web;
  if (web.portNote) log(`  ${web.portNote}`);
  for (const operator of web.operatorUrls) log(`  console        ${operator.url}   (operator: acts as ${operator.name})`);
  log(`  viewer         ${web.viewerUrl}   (looks, cannot act: for wall screens)`);
  log(`Ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the command started. Press Ctrl-C to stop everything.`);
}

main().catch((error: unknown) => {
  const message = describeError(error);
  console.error(error instanceof StackPrerequisiteError ? message : `The stack did not start: ${message}`);
  process.exit(1);
});
