import type { Dashboard, Incident, LogLine, QueryResult, Trace, TimelineEvent } from '../../shared';
import type { AlertPoller } from '../alerts/alert-poller';
import type { IncidentTracker } from '../incidents/incident-tracker';
import { SourceError, type DataSource } from '../datasources/types';
import type { ExportDeps } from './export-incident';
import { SourceSet } from '../datasources/source-set';

/** Fakes of the sources and the tracker an export reads, for the collectors' tests. */
export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
export const MIN = 60_000;

export function traceOf(traceId: string, spans = 3): Trace {
  return {
    traceId,
    resources: [{ service: 'lock-service', attributes: {} }],
    warnings: [],
    spans: Array.from({ length: spans }, (_, i) => ({
      spanId: `${traceId.slice(0, 12)}${String(i).padStart(4, '0')}`,
      service: 'lock-service',
      operation: 'unlock',
      kind: 'server' as const,
      resource: 0,
      start: T0,
      duration: 1000,
      attributes: {},
      events: [],
      status: { code: 'ok' as const },
    })),
  };
}

export const hexId = (n: number) => n.toString(16).padStart(32, '0');

export function logLine(time: number, traceId?: string, level: LogLine['level'] = 'error'): LogLine {
  return { time, level, message: `unlock failed ${time}`, labels: { service: 'lock-service' }, service: 'lock-service', ...(traceId ? { traceId } : {}) };
}

export interface FakeCalls {
  metrics: string[];
  logs: string[];
  traces: string[];
}

/** One source of every kind: metrics answers each expression with one series (or fails for `failExpr`), logs and traces from the given lists. */
export function fakeSources(options: { lines?: LogLine[]; traces?: Map<string, Trace>; failExpr?: RegExp; exemplars?: QueryResult['exemplars']; alertsSeries?: QueryResult['series']; traceDelayMs?: number }): { sources: SourceSet; calls: FakeCalls } {
  const calls: FakeCalls = { metrics: [], logs: [], traces: [] };
  const source: DataSource = {
    id: 'demo',
    kind: 'demo',
    name: 'Demo fleet',
    metrics: {
      queryRange: async (request) => {
        calls.metrics.push(`${request.expr} step=${request.stepSeconds}`);
        if (request.expr.startsWith('ALERTS')) return { series: options.alertsSeries ?? [], fetchedAt: T0, warnings: [] };
        if (options.failExpr?.test(request.expr)) throw new SourceError('demo', 'cannot reach 127.0.0.1:9090: connection refused (is it running?)', 'unreachable');
        return {
          series: [{ name: 'x', labels: {}, times: [request.start, request.end], values: [1, 2] }],
          fetchedAt: T0,
          warnings: [],
          ...(options.exemplars ? { exemplars: options.exemplars } : {}),
        };
      },
    },
    logs: {
      queryLogs: async (request) => {
        calls.logs.push(request.query);
        const level = /level=~"error\|warn"/.test(request.query);
        const lines = (options.lines ?? [])
          .filter((l) => l.time >= request.start && l.time < request.end && (!level || l.level === 'error' || l.level === 'warn'))
          .sort((a, b) => b.time - a.time)
          .slice(0, request.limit);
        return { lines, fetchedAt: T0, warnings: [] };
      },
    },
    traces: {
      getTrace: async (id, signal) => {
        calls.traces.push(id);
        if (options.traceDelayMs) await new Promise((r) => setTimeout(r, options.traceDelayMs));
        if (signal?.aborted) throw new Error('aborted');
        const trace = options.traces?.get(id);
        if (!trace) throw new SourceError('demo', `trace ${id} not found`, 'not_found');
        return trace;
      },
    },
  };
  return { sources: new SourceSet([source]), calls };
}

export function resolvedIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    title: 'lock-service failing',
    service: 'lock-service',
    severity: 'critical',
    status: 'resolved',
    state: 'resolved',
    openedAt: T0,
    resolvedAt: T0 + 120 * MIN,
    alerts: ['f1', 'f2'],
    members: [
      { fingerprint: 'f1', name: 'ServiceErrorRateHigh', severity: 'critical', labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service' }, startsAt: T0, endedAt: T0 + 100 * MIN },
      { fingerprint: 'f2', name: 'LatencyHigh', severity: 'warning', labels: { alertname: 'LatencyHigh', service: 'gateway' }, startsAt: T0 + 5 * MIN },
    ],
    ...overrides,
  };
}

export function fakeDeps(sources: SourceSet, incident: Incident, timeline: TimelineEvent[], dashboard: Dashboard, now = T0 + 180 * MIN): ExportDeps {
  return {
    sources,
    dashboard,
    now: () => now,
    incidents: { get: () => incident, timelineOf: () => timeline } as unknown as IncidentTracker,
    alerts: { current: () => ({ alerts: [], fetchedAt: now }) } as unknown as AlertPoller,
  };
}
