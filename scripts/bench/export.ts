import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSource } from '../../demo';
import { LockstepConfigSchema } from '../../services/config/sources';
import { servicesFrom } from '../../services/core/create-services';
import type { ClientSession } from '../../services/core/client';
import { type Alert, DashboardSchema, type ExportProgress, type Incident, type RpcReply, type TimelineEvent } from '../../shared';
import type { AlertPoller } from '../../services/alerts/alert-poller';
import { SourceSet } from '../../services/datasources/source-set';
import { warRoomDashboard } from '../../services/dashboards/war-room';
import { type ExportDeps, exportIncident } from '../../services/export/export-incident';
import { progressTo } from '../../services/export/export-progress';
import type { IncidentTracker } from '../../services/incidents/incident-tracker';
import { twentyPanelDashboard } from './dashboard-20';
import { launchChromium, sleep } from './browser';
import { sealExport } from '../../services/export/seal-export';
import { InstallSigningKey } from '../../services/signing/install-key';
import { OFFLINE_CONFIG } from '../lib/offline-config';
import { ensureRendererBuilt } from '../lib/renderer-build';
import { startWebHost } from '../../web/server';
import { OPEN_INCIDENT_FILE_PARAM } from '../../shared/api/wire';
import type { BenchFigure } from './trace';

const TIME_TARGET_MS = 3000;
const SIZE_TARGET_BYTES = 20_000_000;
const OPEN_TARGET_MS = 1000;
const INCIDENT_AGO_SECONDS = 2 * 3600;

/**
 * Exports a 2-hour incident with a dashboard of 20 panels on screen, on the embedded demo:
 * the bad release begun two hours into the demo's simulated history (it lasts until rolled
 * back), the twenty-panel dashboard of scripts/bench/dashboard-20.ts as the one on screen
 * (1920 px wide) beside the war room. Times the export (the orchestrator the request runs,
 * progress events included) and the sealing (compress, hash, sign), weighs the file as JSON
 * and as written, then opens the sealed file as `npm run open` does — an offline host with no
 * sources — in Chromium: from navigation to the first chart drawn.
 */
export async function benchExport(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-export-'));
  writeFileSync(join(dir, 'bench-twenty.json'), JSON.stringify(twentyPanelDashboard(), null, 2));
  const config = LockstepConfigSchema.parse({
    mode: 'demo',
    sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet', locks: 5000, scheduledIncidents: false, startIncidents: ['bad-release'] }],
    alertPollSeconds: 1,
    dashboardsDir: dir,
  });
  const sourceConfig = config.sources[0]!;
  if (sourceConfig.kind !== 'demo') throw new Error('the bench config lost its demo source');
  const backfillStarted = performance.now();
  // The config allows an incident at most 25 min into the past (what a person starts the demo with); the bench drives the fleet directly.
  const demo = createDemoSource({ ...sourceConfig, startIncidentsAgoSeconds: INCIDENT_AGO_SECONDS });
  const backfillMs = performance.now() - backfillStarted;
  const services = servicesFrom([demo], config, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-bench-export-data-')), version: 'bench', defaultActor: 'bench' });
  const events: ExportProgress[] = [];
  const client: ClientSession = { id: 'bench', send: (e) => void (e.event === 'exportProgress' && events.push(e.payload)) };
  const call = async (method: 'listIncidents' | 'exportIncident', request: unknown) => {
    const reply: RpcReply = await services.handle(method, request, client);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as never;
  };
  try {
    let incident: Incident | undefined;
    for (let i = 0; i < 60 && !incident; i++) {
      await sleep(500);
      incident = ((await call('listIncidents', {})) as { incidents: Incident[] }).incidents.find((x) => x.service === 'lock-service');
    }
    if (!incident) throw new Error('the demo opened no lock-service incident within 30 s');
    // The demo's alerts begin in its last half hour of history whatever the release's age, so the
    // incident is made two hours long here: its start moved back, the rest as the tracker has it.
    const snapshot = (await call('listIncidents', {})) as { incidents: Incident[]; timeline: TimelineEvent[] };
    const stretched: Incident = { ...incident, openedAt: Date.now() - INCIDENT_AGO_SECONDS * 1000 };
    const alerts = (await services.handle('listAlerts', {}, client)) as RpcReply;
    const deps: ExportDeps = {
      sources: new SourceSet([demo]),
      dashboard: warRoomDashboard,
      now: Date.now,
      incidents: { get: () => stretched, timelineOf: () => snapshot.timeline.filter((e) => e.incidentId === incident!.id) } as unknown as IncidentTracker,
      alerts: { current: () => ({ alerts: alerts.ok ? (alerts.value as { alerts: Alert[] }).alerts : [], fetchedAt: Date.now() }) } as unknown as AlertPoller,
    };
    const onScreen = DashboardSchema.parse(twentyPanelDashboard());
    const started = performance.now();
    const { bundle } = await exportIncident(incident.id, 'bench', deps, { onScreen: { dashboard: onScreen }, widthPx: 1920, progress: progressTo(client, 'bench-1') });
    const collectMs = performance.now() - started;
    const sealed = await sealExport({ fileName: 'bench.lockstep', bundle }, { signingKey: new InstallSigningKey(join(dir, 'signing-key.json')), appVersion: 'bench' });
    const exportMs = performance.now() - started;
    const bytes = Buffer.byteLength(JSON.stringify(bundle));
    const { openMs, stages } = await firstPanelsFromFile(sealed.fileName, Buffer.from(sealed.file, 'base64'));
    const panels = Object.keys(bundle.panelData).length + (bundle.otherDashboards ?? []).reduce((n, d) => n + Object.keys(d.panelData).length, 0);
    const points = [bundle.panelData, ...(bundle.otherDashboards ?? []).map((d) => d.panelData)].flatMap((d) => Object.values(d)).reduce((n, r) => n + r.series.reduce((m, s) => m + s.values.length, 0), 0);
    const hours = (bundle.window.end - bundle.window.start) / 3_600_000;
    const incidentHours = bundle.incidentWindow ? (bundle.incidentWindow.end - bundle.incidentWindow.start) / 3_600_000 : 0;
    return [
      { label: 'demo backfill (6 h of history, the bad release 2 h ago) — not part of the export', value: Math.round(backfillMs), unit: 'ms' },
      { label: `incident length / window exported (±10 min)`, value: Number(incidentHours.toFixed(2)), unit: `h / ${hours.toFixed(2)} h` },
      { label: 'panel targets exported (war room + the 20-panel dashboard on screen)', value: panels, unit: `targets, ${points.toLocaleString('en')} points` },
      { label: 'log lines / traces in the file', value: bundle.logs.length, unit: `lines / ${bundle.traces.length} traces${bundle.caps?.traces ? ` (cap hit: ${bundle.caps.traces.included} of ${bundle.caps.traces.referenced})` : ''}` },
      { label: 'progress events sent to the console', value: events.length, unit: `events (${[...new Set(events.map((e) => e.phase))].join(' → ')})` },
      { label: 'export time: collect', value: Math.round(collectMs), unit: 'ms' },
      { label: 'export time: collect + seal (compress, hash, sign)', value: Math.round(exportMs), unit: `ms (target < ${TIME_TARGET_MS} ms: ${exportMs < TIME_TARGET_MS ? 'met' : 'missed'})` },
      { label: 'the bundle as JSON, before compression', value: Number((bytes / 1_000_000).toFixed(2)), unit: 'MB' },
      { label: 'the sealed file as written', value: Number((sealed.bytes / 1_000_000).toFixed(2)), unit: `MB (target < ${SIZE_TARGET_BYTES / 1_000_000} MB: ${sealed.bytes < SIZE_TARGET_BYTES ? 'met' : 'missed'})` },
      { label: 'open the file (offline host, Chromium): navigation → first chart drawn', value: Math.round(openMs), unit: `ms (target < ${OPEN_TARGET_MS} ms: ${openMs < OPEN_TARGET_MS ? 'met' : 'missed'})` },
      ...stages,
    ];
  } finally {
    await services.close();
    await demo.close?.();
  }
}

/** As `npm run open -- FILE`: an offline host serving the one file; the page fetches, verifies and opens it. */
async function firstPanelsFromFile(name: string, bytes: Uint8Array): Promise<{ openMs: number; stages: BenchFigure[] }> {
  const host = await startWebHost({
    config: OFFLINE_CONFIG,
    dataDir: mkdtempSync(join(tmpdir(), 'lockstep-bench-open-')),
    port: 0,
    host: '127.0.0.1',
    rendererDir: ensureRendererBuilt(process.cwd(), () => undefined),
    incidentFile: { name, bytes },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript({ content: recordFirstDraw });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    // Cold, as a person opening the file finds it: the page itself loads too.
    const started = Date.now();
    await page.goto(`${host.tokenUrl}&${OPEN_INCIDENT_FILE_PARAM}=1`);
    await page.locator('[data-testid="timeseries-chart"][data-draws]').first().waitFor({ timeout: 60_000 });
    const openMs = Date.now() - started;
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const stages = openStages(await page.evaluate(readOpenTimings), metrics);
    return { openMs, stages };
  } finally {
    await browser.close();
    await host.close();
  }
}

/**
 * Runs in the page before its scripts: stamps the first frame in which a chart's canvas has
 * drawn. Text, not a function: tsx names inner functions with a helper the page lacks.
 */
const recordFirstDraw = `(() => {
  const look = () => {
    if (document.querySelector('[data-testid="timeseries-chart"][data-draws]')) performance.mark('lockstep:open:first-chart-drawn');
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

interface OpenTimings {
  navigation: { responseEnd: number; domContentLoaded: number; loadEnd: number };
  scripts: number;
  marks: Array<{ name: string; at: number }>;
}

/** In the page: navigation timing, the scripts' download/parse end, and the open marks (shared/incident-file/open-marks.ts). */
async function readOpenTimings(): Promise<OpenTimings> {
  // The first-draw mark is stamped in the frame after the chart drew: let two frames pass.
  for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.endsWith('.js'));
  return {
    navigation: { responseEnd: nav?.responseEnd ?? 0, domContentLoaded: nav?.domContentLoadedEventEnd ?? 0, loadEnd: nav?.loadEventEnd ?? 0 },
    scripts: Math.max(0, ...scripts.map((e) => e.responseEnd)),
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('lockstep:open:'))
      .map((m) => ({ name: m.name.slice('lockstep:open:'.length), at: m.startTime })),
  };
}

/** Each stage as the time since the page's navigation started, with the step from the one before; then main-thread CPU. */
function openStages(timings: OpenTimings, metrics: Array<{ name: string; value: number }>): BenchFigure[] {
  const points = [
    { name: 'HTML received', at: timings.navigation.responseEnd },
    { name: 'scripts downloaded', at: timings.scripts },
    { name: 'DOMContentLoaded (scripts parsed and run)', at: timings.navigation.domContentLoaded },
    ...timings.marks,
  ].sort((a, b) => a.at - b.at);
  const figures: BenchFigure[] = points.map((point, i) => ({
    label: `  open stage: ${point.name}`,
    value: Math.round(point.at),
    unit: `ms after navigation (+${Math.round(point.at - (i > 0 ? points[i - 1]!.at : 0))} ms)`,
  }));
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  figures.push({ label: '  page main thread: script / layout / task time (CDP)', value: Math.round(metric('ScriptDuration') * 1000), unit: `ms / ${Math.round(metric('LayoutDuration') * 1000)} ms / ${Math.round(metric('TaskDuration') * 1000)} ms` });
  return figures;
}
