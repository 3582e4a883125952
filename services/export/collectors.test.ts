import { describe, expect, it } from 'vitest';
import { DashboardSchema, type ExportProgress, IncidentBundleSchema, panelDataKey, type TimelineEvent } from '../../shared';
import type { ClientSession } from '../core/client';
import { incidentAlerts, historyFromPrometheus, historyFromTimeline } from './collect-alerts';
import { collectLogs, logQueries } from './collect-logs';
import { exportStepSeconds } from './collect-panels';
import { collectTraces, fetchOrder, traceReferences } from './collect-traces';
import { exportIncident } from './export-incident';
import { cancelExport, EXPORT_CANCELLED, progressTo, silentProgress, startExport } from './export-progress';
import { exportWindow } from './export-window';
import { T0, MIN, fakeDeps, fakeSources, hexId, logLine, resolvedIncident, traceOf } from './export-test-fakes';
import { firingAlert } from '../../testing/alerts';

const never = new AbortController().signal;

const dashboard = DashboardSchema.parse({
  id: 'war-room',
  title: 'War room',
  refreshSeconds: 5,
  rangeSeconds: 3600,
  panels: [
    { id: 'errors', title: 'Errors', kind: 'timeseries', grid: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'rate(errors_total[$__rate_interval])' }, { refId: 'B', expr: 'rate(errors_total[5m] offset 1w)' }] },
    { id: 'latency', title: 'Latency', kind: 'timeseries', grid: { x: 12, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'latency_seconds' }] },
    { id: 'logs', title: 'Logs', kind: 'logs', grid: { x: 0, y: 6, w: 24, h: 6 }, targets: [], options: { query: '{level=~"warn|error"}', limit: 200 } },
  ],
});

const timeline: TimelineEvent[] = [
  { id: 'o', incidentId: 'inc-1', at: T0, kind: 'incident_opened', text: 'Incident opened' },
  { id: 'a1', incidentId: 'inc-1', at: T0, kind: 'alert_firing', text: 'ServiceErrorRateHigh', data: { fingerprint: 'f1', alertname: 'ServiceErrorRateHigh' } },
  { id: 'a2', incidentId: 'inc-1', at: T0 + 5 * MIN, kind: 'alert_firing', text: 'LatencyHigh', data: { fingerprint: 'f2', alertname: 'LatencyHigh' } },
  { id: 'ack', incidentId: 'inc-1', at: T0 + 6 * MIN, kind: 'acknowledged', actor: 'ana', text: 'Acknowledged' },
  { id: 'esc', incidentId: 'inc-1', at: T0 + 20 * MIN, kind: 'escalated', actor: 'escalation', text: 'Escalated to level 2' },
  { id: 'rb', incidentId: 'inc-1', at: T0 + 30 * MIN, kind: 'rollback_succeeded', actor: 'ana', text: 'Rolled back lock-service', data: { trace_id: hexId(9999) } },
  { id: 'n', incidentId: 'inc-1', at: T0 + 40 * MIN, kind: 'note', actor: 'bo', text: 'Error rate back to normal' },
  { id: 'r1', incidentId: 'inc-1', at: T0 + 100 * MIN, kind: 'alert_resolved', text: 'ServiceErrorRateHigh resolved', data: { fingerprint: 'f1' } },
];

describe('the export window', () => {
  it('is the incident plus 10 minutes each side, and never past now while the incident is open', () => {
    expect(exportWindow({ openedAt: T0, resolvedAt: T0 + 60 * MIN }, T0 + 600 * MIN)).toEqual({ incident: { start: T0, end: T0 + 60 * MIN }, start: T0 - 10 * MIN, end: T0 + 70 * MIN });
    expect(exportWindow({ openedAt: T0 }, T0 + 30 * MIN)).toEqual({ incident: { start: T0, end: T0 + 30 * MIN }, start: T0 - 10 * MIN, end: T0 + 30 * MIN });
  });
});

describe('panel steps', () => {
  it('is the step the panel drew at on the screen, and never more than 1,440 points over the window', () => {
    // 140 min on a half-width panel of a 1280 px dashboard: 580 px of plot → 8400 s / 580 = 14.5 s → 15 s.
    expect(exportStepSeconds({ grid: { x: 0, y: 0, w: 12, h: 6 } }, 8400, 1280)).toBe(15);
    // A full-width panel on a 4K wall would be 3780 px; the file stops at 1,440 points: 8400 / 1440 = 5.8 s → 10 s.
    expect(exportStepSeconds({ grid: { x: 0, y: 0, w: 24, h: 6 } }, 8400, 3840)).toBe(10);
  });
});

describe('alerts and their history', () => {
  it('lists every member alert, a resolved one as resolved, so the count matches the list', () => {
    const incident = resolvedIncident();
    const active = [firingAlert({ fingerprint: 'f2', name: 'LatencyHigh' }), firingAlert({ fingerprint: 'other' })];
    const alerts = incidentAlerts(incident, active, T0 + 130 * MIN);
    expect(alerts.map((a) => [a.fingerprint, a.state, a.endsAt])).toEqual([
      ['f1', 'resolved', T0 + 100 * MIN],
      ['f2', 'firing', undefined],
    ]);
  });

  it('takes each alert’s firing and resolution from the timeline, and the last one’s from the incident’s resolution', () => {
    const changes = historyFromTimeline(resolvedIncident(), timeline);
    expect(changes.map((c) => [c.fingerprint, c.state, c.at])).toEqual([
      ['f1', 'firing', T0],
      ['f2', 'firing', T0 + 5 * MIN],
      ['f1', 'resolved', T0 + 100 * MIN],
      ['f2', 'resolved', T0 + 120 * MIN],
    ]);
  });

  it('reads spells in pending and firing from Prometheus’ ALERTS series, a gap ending one', async () => {
    const step = 15_000;
    const times = [0, 1, 2, 6, 7].map((i) => T0 + i * step);
    const { sources, calls } = fakeSources({
      alertsSeries: [{ name: 'ALERTS', labels: { __name__: 'ALERTS', alertname: 'LatencyHigh', alertstate: 'firing', service: 'gateway' }, times, values: [1, 1, 1, 1, 1] }],
    });
    const got = await historyFromPrometheus(sources, ['LatencyHigh', 'Error.Rate'], { start: T0, end: T0 + 100 * step }, never);
    expect(calls.metrics).toEqual(['ALERTS{alertname=~"LatencyHigh|Error\\\\.Rate"} step=15']);
    expect(got.note).toBeUndefined();
    expect(got.changes.map((c) => [c.state, (c.at - T0) / step, c.labels])).toEqual([
      ['firing', 0, { service: 'gateway' }],
      ['resolved', 3, { service: 'gateway' }],
      ['firing', 6, { service: 'gateway' }],
      ['resolved', 8, { service: 'gateway' }],
    ]);
  });

  it('says the history is the timeline’s when the source has no ALERTS series', async () => {
    const got = await historyFromPrometheus(fakeSources({}).sources, ['LatencyHigh'], { start: T0, end: T0 + MIN }, never);
    expect(got).toEqual({ changes: [], note: 'Demo fleet has no ALERTS series for these alerts over the window, so the history is the incident timeline’s.' });
  });
});

describe('log lines', () => {
  it('asks each service’s errors first, then the logs panels’ queries, then each service’s other lines, each once', () => {
    expect(logQueries([{ dashboard }, { dashboard: { ...dashboard, id: 'copy' } }], resolvedIncident(), true, 3600)).toEqual([
      '{service="gateway", level=~"error|warn"}',
      '{service="lock-service", level=~"error|warn"}',
      '{level=~"warn|error"}',
      '{service="gateway"}',
      '{service="lock-service"}',
    ]);
  });

  it('spreads the cap over the window, so its first slice is in the file when the cap is reached, and says it was reached', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => logLine(T0 - 10 * MIN + i * 4000));
    const { sources } = fakeSources({ lines });
    const got = await collectLogs(sources, [{ dashboard }], resolvedIncident(), { start: T0 - 10 * MIN, end: T0 + 130 * MIN }, { cap: 700, signal: never, progress: silentProgress });
    expect(got.capped).toBe(true);
    expect(got.lines.length).toBeLessThanOrEqual(700);
    // Every 20-minute slice of the window has its lines in the file, the first one (the margin before the incident) too.
    const slices = new Set(got.lines.map((l) => Math.floor((l.time - (T0 - 10 * MIN)) / (20 * MIN))));
    expect([...slices].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(got.lines.at(-1)!.time).toBeGreaterThan(T0 + 120 * MIN);
  });
});

describe('traces', () => {
  it('puts the traces of alerts, exemplars and the timeline first, then log-line traces spread evenly over time', () => {
    const logs = Array.from({ length: 100 }, (_, i) => logLine(T0 + i * MIN, hexId(i)));
    const refs = traceReferences({
      alerts: [firingAlert({ annotations: { exemplar_trace_id: hexId(5000).toUpperCase(), summary: 'deadbeefdeadbeef is not a trace here' } })],
      timeline,
      panelData: [{ series: [], fetchedAt: T0, warnings: [], exemplars: [{ seriesLabels: {}, time: T0, value: 1, traceId: hexId(7000) }] }],
      logs,
    });
    expect(refs.pinned).toEqual([hexId(5000), hexId(9999), hexId(7000)]);
    const order = fetchOrder(refs, 13);
    expect(order.slice(0, 13)).toEqual([hexId(5000), hexId(9999), hexId(7000), ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map(hexId)]);
    expect(order).toHaveLength(103);
  });

  it('includes every trace the exported logs reference when they are under the cap', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => hexId(i));
    const { sources, calls } = fakeSources({ traces: new Map(ids.map((id) => [id, traceOf(id)])) });
    const refs = traceReferences({ alerts: [], timeline: [], panelData: [], logs: ids.map((id, i) => logLine(T0 + i * 1000, id)) });
    const got = await collectTraces(sources, refs, { signal: never, progress: silentProgress });
    expect(got.traces.map((t) => t.traceId).sort()).toEqual(ids);
    expect(got.capped).toBeUndefined();
    expect(calls.traces).toHaveLength(200);
  });

  it('stops at the span cap and says so', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => hexId(i));
    const { sources } = fakeSources({ traces: new Map(ids.map((id) => [id, traceOf(id, 10)])) });
    const refs = traceReferences({ alerts: [], timeline: [], panelData: [], logs: ids.map((id, i) => logLine(T0 + i * 1000, id)) });
    const got = await collectTraces(sources, refs, { spanCap: 55, signal: never, progress: silentProgress });
    expect(got.traces).toHaveLength(5);
    expect(got).toMatchObject({ capped: 'spans', spans: 50, referenced: 20 });
  });
});

describe('exportIncident', () => {
  const ids = Array.from({ length: 600 }, (_, i) => hexId(i));
  // 600 error lines over the 2-hour incident, each with its own trace; the source keeps only half the traces' ids (a failing fetch is a warning).
  const lines = ids.map((id, i) => logLine(T0 + i * 12_000, id));
  const traces = new Map(ids.map((id) => [id, traceOf(id)]));

  it('carries the window, every panel at its step, all timeline kinds, consistent alerts, capped traces stated — and progress in order', async () => {
    const { sources, calls } = fakeSources({ lines, traces, failExpr: /offset 1w/, exemplars: [{ seriesLabels: {}, time: T0, value: 2, traceId: hexId(599) }] });
    const events: ExportProgress[] = [];
    const client: ClientSession = { id: 'c', send: (e) => e.event === 'exportProgress' && events.push(e.payload) };
    let clock = 0;
    const { bundle } = await exportIncident('inc-1', 'ana', fakeDeps(sources, resolvedIncident(), timeline, dashboard), { progress: progressTo(client, 'x1', () => (clock += 200)), caps: { traces: 500 } });
    const parsed = IncidentBundleSchema.parse(JSON.parse(JSON.stringify(bundle)));

    expect(parsed.window).toEqual({ start: T0 - 10 * MIN, end: T0 + 130 * MIN });
    expect(parsed.incidentWindow).toEqual({ start: T0, end: T0 + 120 * MIN });
    expect(parsed.panelSteps).toEqual({ 'errors/A': 15, 'errors/B': 15, 'latency/A': 15 });
    expect(calls.metrics).toContain('rate(errors_total[60s]) step=15');
    expect(parsed.panelData[panelDataKey('errors', 'B')]?.warnings[0]).toMatch(/^Not exported: cannot reach 127\.0\.0\.1:9090/);
    expect(parsed.panelData[panelDataKey('latency', 'A')]?.series).toHaveLength(1);

    expect(new Set(parsed.timeline.map((e) => e.kind))).toEqual(new Set(['incident_opened', 'alert_firing', 'acknowledged', 'escalated', 'rollback_succeeded', 'note', 'alert_resolved']));
    expect(parsed.timeline.filter((e) => e.actor).map((e) => e.actor)).toEqual(['ana', 'escalation', 'ana', 'bo']);
    expect(parsed.alerts.map((a) => a.state)).toEqual(['resolved', 'resolved']);
    expect(parsed.alertHistory?.from).toEqual(['timeline']);

    // 600 log traces + the exemplar's (also a log trace) + the timeline's (unknown to the source): cap 500.
    expect(parsed.traces).toHaveLength(500);
    expect(parsed.caps?.traces).toEqual({ included: 500, referenced: 601, cap: 500 });
    const included = new Set(parsed.traces.map((t) => t.traceId));
    expect(included.has(hexId(0))).toBe(true);
    expect(included.has(hexId(599))).toBe(true);
    expect(parsed.warnings).toEqual([`1 referenced trace(s) could not be fetched (first: ${hexId(9999)}: trace ${hexId(9999)} not found).`]);
    expect(parsed.logs).toHaveLength(600);

    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['panels', 'alerts', 'logs', 'traces']);
    const traceEvents = events.filter((e) => e.phase === 'traces');
    expect(traceEvents.at(-1)).toEqual({ exportId: 'x1', phase: 'traces', done: 500, total: 500 });
    expect(traceEvents.map((e) => e.done)).toEqual([...traceEvents.map((e) => e.done)].sort((a, b) => a - b));
  });

  it('is cancelled from the console that started it, with no file', async () => {
    const { sources, calls } = fakeSources({ lines, traces, traceDelayMs: 5 });
    const client: ClientSession = { id: 'c', send: () => {} };
    const run = startExport(client, 'x2');
    const exporting = exportIncident('inc-1', 'ana', fakeDeps(sources, resolvedIncident(), timeline, dashboard), {
      signal: run.signal,
      progress: (phase, done) => {
        if (phase === 'traces' && done === 16) expect(cancelExport(client, 'x2')).toBe(true);
      },
    });
    await expect(exporting).rejects.toThrow(EXPORT_CANCELLED);
    run.finish();
    expect(calls.traces.length).toBeLessThan(40);
    expect(cancelExport({ id: 'other', send: () => {} }, 'x2')).toBe(false);
  });
});
