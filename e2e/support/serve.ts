/**
 * Starts what an end-to-end spec needs in its own process — the web host on the
 * embedded demo fleet, or on the local real stack (fast timings) — and prints one
 * JSON line describing it. Playwright's loader never has to import the services.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LockstepConfigSchema } from '../../services/config/sources';
import { startWebHost } from '../../web/server';
import { startStack } from '../../stack';
import { createDemoSource } from '../../demo';
import { ensureRendererBuilt } from '../../scripts/lib/renderer-build';
import { ensureReportBuilt } from '../../scripts/lib/report-build';

// --data-dir: reuse a console's data (its tokens and remembered port), as a restarted host does.
// --incident NAME --incident-ago SECONDS (demo mode): the fleet opens that long into a scripted incident.
const { values } = parseArgs({
  options: { mode: { type: 'string', default: 'demo' }, 'data-dir': { type: 'string' }, incident: { type: 'string', multiple: true }, 'incident-ago': { type: 'string' }, 'zipkin-url': { type: 'string' } },
});

async function main(): Promise<void> {
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'lockstep-e2e-'));
  // Enough traffic that 15 s rate windows are not noise (the stack's fast timings).
  const locks = values.mode === 'stack' || values.mode === 'settings' ? 20_000 : 5000;
  // "settings": the stack, but the console starts without its Prometheus and Loki, which a spec adds from Settings.
  const stackLike = values.mode === 'stack' || values.mode === 'settings';
  const stack =
    stackLike
      ? await startStack({ fast: true, locks, scheduledIncidents: false, dataDir: join(dataDir, 'stack'), log: (l) => console.error(l) })
      : undefined;
  // --mode zipkin --zipkin-url URL: a console whose only source is that Zipkin (a spec's own server).
  const config = LockstepConfigSchema.parse(
    values.mode === 'zipkin'
      ? { mode: 'custom', sources: [{ kind: 'zipkin', id: 'zipkin', name: 'Zipkin', url: values['zipkin-url'] }] }
      : stack
      ? {
          mode: 'stack',
          sources: values.mode === 'settings' ? stack.sources.filter((s) => s.kind !== 'prometheus' && s.kind !== 'loki') : stack.sources,
          incidentQuietSeconds: stack.incidentQuietSeconds,
          escalation: stack.policy,
          alertPollSeconds: 1,
        }
      : {
          mode: 'demo',
          sources: [
            {
              kind: 'demo',
              id: 'demo',
              name: 'Demo fleet',
              locks,
              scheduledIncidents: false,
              startIncidents: values.incident ?? [],
              startIncidentsAgoSeconds: Number(values['incident-ago'] ?? 0),
            },
          ],
          alertPollSeconds: 1,
        },
  );
  // A spec run on its own must not test a stale UI.
  const rendererDir = ensureRendererBuilt(process.cwd(), (line) => console.error(line));
  // …nor a stale HTML report page: exports saved as the HTML report are assembled from it.
  ensureReportBuilt(process.cwd(), (line) => console.error(line));
  // The operator credential's name is who the story's actions are recorded as (the host fills it in, whatever is typed).
  const host = await startWebHost({
    config,
    dataDir: join(dataDir, 'console'),
    // As `npm start` does: the last run's port when free (web/port-memory.ts).
    rememberPort: true,
    rendererDir,
    defaultActor: 'Ana on-call',
    embeddedSource: createDemoSource,
    configOrigin: `the ${values.mode} config of e2e/support/serve.ts`,
  });
  console.log(
    JSON.stringify({ event: 'ready', url: host.url, tokenUrl: host.tokenUrl, token: host.token, viewerUrl: host.viewerUrl, ...(stack ? { stack: stack.urls } : {}) }),
  );
  const stop = async () => {
    await host.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // The parent going away (a crashed test run) must not leave Prometheus behind.
  process.stdin.on('end', () => void stop());
  // A spec may stop one server of the stack ("stop prometheus") to see what the consoles do.
  let pending = '';
  process.stdin.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const wanted = /^stop (prometheus|alertmanager)$/.exec(line.trim())?.[1] as 'prometheus' | 'alertmanager' | undefined;
      if (!wanted || !stack) continue;
      stack.stopServer(wanted).then(
        () => console.log(JSON.stringify({ event: 'stopped', server: wanted })),
        (error: unknown) => console.log(JSON.stringify({ event: 'error', message: error instanceof Error ? error.message : String(error) })),
      );
    }
  });
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ event: 'error', message: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
