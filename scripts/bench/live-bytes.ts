import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoSource } from '../../demo';
import type { EventOf, LiveQuery, QueryResult } from '../../shared';
import { takesMetricTargets } from '../../shared/dashboards/panel-kinds';
import { chooseStepSeconds, DEFAULT_MIN_STEP_SECONDS } from '../../shared/model/query-step';
import { seriesFromColumns } from '../../shared/model/series';
import { openRawWebSocket } from '../../testing/raw-wire';
import type { ClientSession } from '../../services/core/client';
import type { LockstepServices } from '../../services/core/lockstep-services';
import { warRoomDashboard } from '../../services/dashboards/war-room';
import { SourceSet } from '../../services/datasources/source-set';
import type { DataSource } from '../../services/datasources/types';
import { LiveQueryHub } from '../../services/live/live-queries';
import { AccessPolicy } from '../../web/access';
import { WebSocketGateway } from '../../web/web-socket';
import type { BenchFigure } from './trace';

/** Deltas should cost at most this share of re-sending every result whole. */
const TARGET_PERCENT = 10;
const CYCLES = 3;
const TOKEN = 'c'.repeat(32);

type Payload = EventOf<'queryResult'>;
const wireBytes = (payload: Payload) => Buffer.byteLength(JSON.stringify({ type: 'event', event: 'queryResult', payload }));

/** A metrics source that remembers its last answer per expression, to size what used to be sent whole. */
function recording(source: DataSource): { source: DataSource; last: Map<string, QueryResult> } {
  const last = new Map<string, QueryResult>();
  const metrics = source.metrics!;
  return {
    last,
    source: {
      ...source,
      metrics: {
        ...metrics,
        async queryRange(request, signal) {
          const result = await metrics.queryRange(request, signal);
          last.set(request.expr, result);
          return result;
        },
      },
    },
  };
}

/**
 * Bytes a console receives per refresh cycle of the embedded demo's 8-panel war room at
 * 1920 px: the columnar deltas the hub sends now, beside the whole JSON results it sent
 * before. The clock runs 5× fast so each real second is one 5 s refresh.
 */
async function warRoomCycle(): Promise<BenchFigure[]> {
  const t0 = Date.now();
  const clockAt = Date.UTC(2026, 10, 24, 2, 0, 0);
  const now = () => clockAt + (Date.now() - t0) * 5;
  const demo = createDemoSource({ id: 'demo', name: 'Demo', kind: 'demo', locks: 20_000, seed: 42, scheduledIncidents: false }, { now, autoStart: false });
  const { source, last } = recording(demo);
  const hub = new LiveQueryHub(new SourceSet([source]), now);
  const queries = warRoomQueries(1920);
  const exprOf = new Map(queries.map((q) => [q.id, q.expr]));
  const seen = new Map<string, { after: number; before: number; kind: string }[]>();
  const client: ClientSession = {
    id: 'bench',
    send: (envelope) => {
      if (envelope.event !== 'queryResult') return;
      const payload = envelope.payload;
      const result = last.get(exprOf.get(payload.queryId)!);
      const list = seen.get(payload.queryId) ?? [];
      list.push({ after: wireBytes(payload), before: result ? wireBytes({ queryId: payload.queryId, result, at: payload.at }) : 0, kind: payload.frame?.kind ?? (payload.error ? 'error' : 'whole') });
      seen.set(payload.queryId, list);
    },
  };
  hub.set(client, queries);
  const deadline = Date.now() + 20_000;
  while ([...queries].some((q) => (seen.get(q.id)?.length ?? 0) <= CYCLES) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  hub.close();
  demo.embedded.stop();
  const cycles = [...seen.values()].map((list) => list.slice(1, CYCLES + 1));
  const sum = (pick: (e: { after: number; before: number }) => number) => cycles.reduce((total, list) => total + list.reduce((s, e) => s + pick(e), 0), 0) / CYCLES;
  const after = sum((e) => e.after);
  const before = sum((e) => e.before);
  const first = [...seen.values()].reduce((s, list) => s + (list[0]?.after ?? 0), 0);
  const kinds = [...seen.values()].flatMap((list) => list.slice(1, CYCLES + 1).map((e) => e.kind));
  const percent = (after / before) * 100;
  console.log(`  live refresh bytes: ${(after / 1024).toFixed(1)} KB per cycle (was ${(before / 1024).toFixed(1)} KB full); target ≤ ${TARGET_PERCENT}%: ${percent <= TARGET_PERCENT ? 'met' : 'MISSED'}`);
  return [
    { label: `war room: ${queries.length} queries, refresh cycles measured`, value: Math.min(...[...seen.values()].map((l) => l.length)) - 1, unit: 'cycles' },
    { label: 'war room: first frames (full, columnar) per console', value: round(first / 1024), unit: 'KB' },
    { label: 'war room: bytes per refresh cycle, whole JSON results (before)', value: round(before / 1024), unit: 'KB' },
    { label: 'war room: bytes per refresh cycle, deltas (now)', value: round(after / 1024), unit: 'KB' },
    { label: `war room: deltas as a share of whole results (target ≤ ${TARGET_PERCENT}%)`, value: round(percent), unit: '%' },
    { label: 'war room: refreshes that travelled as deltas', value: kinds.filter((k) => k === 'delta').length, unit: `of ${kinds.length}` },
  ];
}

/**
 * The war room's live queries as a console 1920 px wide asks for them (one point per
 * pixel of each plot, as renderer/src/panels/live-queries.ts does), refreshed every
 * second instead of every 5 s.
 */
function warRoomQueries(widthPx: number): LiveQuery[] {
  const rangeSeconds = warRoomDashboard.rangeSeconds;
  return warRoomDashboard.panels
    .filter((panel) => takesMetricTargets(panel.kind) && panel.targets.length > 0)
    .flatMap((panel) => {
      const plotPx = Math.max(50, Math.round((widthPx * Math.min(24, Math.max(1, panel.grid.w))) / 24) - 60);
      const stepSeconds = chooseStepSeconds({ rangeSeconds, widthPx: plotPx, minStepSeconds: DEFAULT_MIN_STEP_SECONDS });
      return panel.targets.map((t) => ({ id: `${panel.id}/${t.refId}`, expr: t.expr, rangeSeconds, stepSeconds, refreshSeconds: 1 }));
    });
}

/** 200 series × 1,441 points at a 60 s step; each sample a Prometheus-like 17-digit rate, fixed per series and instant. */
function wideSource(): DataSource {
  return {
    id: 'wide',
    kind: 'prometheus',
    name: 'Wide Prometheus',
    metrics: {
      async queryRange(request) {
        const times: number[] = [];
        for (let t = request.start; t <= request.end; t += request.stepSeconds * 1000) times.push(t);
        const series = Array.from({ length: 200 }, (_, s) =>
          seriesFromColumns('rate', { instance: `host-${s}:9100`, job: 'node' }, times, times.map((t) => Math.abs(Math.sin(s * 12.9898 + t / 60_000)) * 3)),
        );
        return { series, fetchedAt: Date.now(), warnings: [] };
      },
    },
  };
}

/**
 * The N = 200 case through the real WebSocket gateway on a loopback port: bytes of
 * the first (full) frame and of a delta, and a console that stops reading stays connected
 * and catches up. The clock runs 60× fast so each real second is one 60 s step.
 */
async function wideCase(): Promise<BenchFigure[]> {
  const t0 = Date.now();
  const now = () => 1_700_000_000_000 + (Date.now() - t0) * 60;
  const hub = new LiveQueryHub(new SourceSet([wideSource()]), now);
  const query: LiveQuery = { id: 'wide/A', expr: 'rate(node_cpu_seconds_total[5m])', rangeSeconds: 86_400, stepSeconds: 60, refreshSeconds: 1 };
  const services = {
    handle: () => Promise.resolve({ ok: true, value: null }),
    attach: (client: ClientSession) => void hub.set(client, [query]),
    detach: (id: string) => hub.clear(id),
  } as unknown as LockstepServices;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const gateway = new WebSocketGateway(services, new AccessPolicy(TOKEN, port));
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
  // A console read by hand, so one can stop reading its socket (pause) as a stalled wall screen does.
  const open = async () => {
    const raw = await openRawWebSocket(port, TOKEN);
    const state = { closed: false };
    raw.socket.on('close', () => (state.closed = true));
    const frames = () =>
      raw.reader.frames
        .filter((f) => f.opcode === 0x1)
        .map((f) => {
          const frame = (JSON.parse(f.payload.toString('utf8')) as { payload: Payload }).payload.frame;
          return { bytes: f.payload.length, kind: frame?.kind ?? 'other' };
        });
    const closedByHost = () => raw.reader.frames.some((f) => f.opcode === 0x8);
    return { socket: raw.socket, frames, state, closedByHost };
  };
  try {
    const normal = await open();
    const paused = await open();
    paused.socket.pause();
    await new Promise((r) => setTimeout(r, 5000));
    paused.socket.resume();
    await new Promise((r) => setTimeout(r, 1500));
    // A close frame from the host would be read once the socket is read again.
    const connected = !paused.state.closed && !paused.closedByHost();
    const normalFrames = normal.frames();
    const full = normalFrames.find((f) => f.kind === 'full')?.bytes ?? 0;
    const deltas = normalFrames.filter((f) => f.kind === 'delta').map((f) => f.bytes);
    const before = wireBytes({ queryId: query.id, result: await wideSource().metrics!.queryRange({ expr: query.expr, start: 0, end: 86_400_000, stepSeconds: 60 }), at: 0 });
    normal.socket.destroy();
    paused.socket.destroy();
    return [
      { label: 'N=200 × 1,441: one result as whole JSON (before)', value: round(before / 1024 / 1024, 2), unit: 'MB' },
      { label: 'N=200 × 1,441: first frame, full columnar', value: round(full / 1024 / 1024, 2), unit: 'MB' },
      { label: 'N=200 × 1,441: a delta (one new step), mean', value: round(deltas.reduce((s, b) => s + b, 0) / Math.max(1, deltas.length) / 1024, 1), unit: `KB over ${deltas.length}` },
      { label: 'N=200 × 1,441: paused console still connected after 5 s (1 = yes)', value: connected ? 1 : 0, unit: '' },
      { label: 'N=200 × 1,441: frames the paused console got', value: paused.frames().length, unit: `of ${normalFrames.length}` },
    ];
  } finally {
    hub.close();
    gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function benchLiveBytes(): Promise<BenchFigure[]> {
  return [...(await warRoomCycle()), ...(await wideCase())];
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
