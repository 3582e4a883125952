import type { SourceConfigOf } from '../../services/config/sources';
import type { LogLine } from '../../shared';
import { normalizeZipkin } from '../../shared/trace/zipkin';
import { sortSummaries, summarizeTrace } from '../../shared/trace/summary';
import { EmbeddedFleet, UnsupportedQueryError } from './embedded-fleet';
import { SilenceRejected } from './silences';
import { UnknownServiceError } from '../fleet/deployer';
import type { Fleet } from '../fleet/fleet';
import { INCIDENT_NAMES, isIncidentName } from '../fleet/incidents';
import { LogFollower } from '../fleet/log-follower';
import type { DemoLogLine } from '../fleet/log-store';
import { LogQueryError, parseLogQuery, runLogQuery } from '../fleet/logql';
import { SourceError, type DataSource } from '../../services/datasources/types';

/** Lines one read of a tail may carry; more are reported dropped, as Loki does. */
const TAIL_LINES_PER_READ = 1000;

/** A fleet log line as the model has it: the JSON line's message, its fields, its trace. */
function toLogLine(l: DemoLogLine): LogLine {
  const line: LogLine = {
    time: l.time,
    nanos: l.nanos,
    level: l.level,
    message: l.msg,
    service: l.service,
    labels: { service: l.service, level: l.level, ...(l.city ? { city: l.city } : {}) },
  };
  if (l.traceId) line.traceId = l.traceId;
  if (l.fields) line.fields = Object.fromEntries(Object.entries(l.fields).map(([k, v]) => [k, String(v)]));
  return line;
}

export interface DemoSourceOptions {
  now?: () => number;
  /** Keep the fleet running on a 1 s timer (default true); tests step it by hand. */
  autoStart?: boolean;
  /** How much of the simulated history is simulated in full detail (demo/embedded/embedded-fleet.ts); default 2 minutes. */
  detailedBackfillMs?: number;
  /** A fixed demand factor in place of the time-of-day curve (demo/fleet/fleet.ts); default the curve. */
  demand?: number;
}

export type DemoSource = DataSource & { fleet: Fleet; embedded: EmbeddedFleet };

/**
 * The built-in demo: a simulated bike-share fleet in-process, answering as Prometheus,
 * Alertmanager, Loki, Zipkin and the deployer would, so `npm start` shows a live war room.
 */
export function createDemoSource(config: SourceConfigOf<'demo'>, options: DemoSourceOptions = {}): DemoSource {
  // Config names are checked here, where the incidents are known; an unknown one is a config error.
  for (const name of config.startIncidents ?? []) {
    if (!isIncidentName(name)) throw new Error(`Source "${config.id}": no demo incident named "${name}" (known: ${INCIDENT_NAMES.join(', ')}).`);
  }
  const embedded = new EmbeddedFleet({
    sourceId: config.id,
    locks: config.locks,
    seed: config.seed,
    scheduledIncidents: config.scheduledIncidents,
    ...(options.now ? { now: options.now } : {}),
    autoStart: options.autoStart ?? true,
    ...(options.detailedBackfillMs !== undefined ? { detailedBackfillMs: options.detailedBackfillMs } : {}),
    ...(options.demand !== undefined ? { demand: options.demand } : {}),
    startIncidents: { names: config.startIncidents ?? [], agoMs: (config.startIncidentsAgoSeconds ?? 0) * 1000 },
  });
  const fleet = embedded.fleet;
  const now = options.now ?? Date.now;
  // Reads see the fleet as of now, whether or not the timer has fired yet.
  const catchUp = () => embedded.advanceTo(Math.max(fleet.time, now()));
  const fail = (e: unknown, kind: SourceError['kind'] = 'rejected'): never => {
    throw new SourceError(config.id, e instanceof Error ? e.message : String(e), kind);
  };

  return {
    id: config.id,
    kind: 'demo',
    name: config.name,
    fleet,
    embedded,
    metrics: {
      async queryRange(request) {
        try {
          return embedded.queryRange(request);
        } catch (e) {
          if (e instanceof UnsupportedQueryError) fail(e);
          throw e;
        }
      },
    },
    alerts: {
      async listAlerts() {
        catchUp();
        return embedded.alerts.list();
      },
      async listSilences() {
        return embedded.silences.list();
      },
      async createSilence(silence) {
        try {
          return { silenceId: embedded.silences.create(silence) };
        } catch (e) {
          if (e instanceof SilenceRejected) fail(e);
          throw e;
        }
      },
      async postAlerts(alerts) {
        // Refused as Alertmanager refuses them: labels are required, and must be valid names with values.
        for (const alert of alerts) {
          const names = Object.keys(alert.labels);
          if (names.length === 0 || names.some((n) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n) || alert.labels[n] === '')) {
            fail(new Error('an alert needs labels with valid names and non-empty values'));
          }
        }
        catchUp();
        for (const alert of alerts) embedded.escalations.post({ labels: alert.labels, annotations: alert.annotations, startsAt: alert.startsAt, endsAt: alert.endsAt });
      },
      async expireSilence(silenceId) {
        try {
          embedded.silences.expire(silenceId);
        } catch (e) {
          if (e instanceof SilenceRejected) fail(e);
          throw e;
        }
      },
    },
    logs: {
      async queryLogs(request) {
        catchUp();
        let lines;
        try {
          lines = runLogQuery(fleet.logs.lines(), parseLogQuery(request.query), {
            startMs: request.start,
            endMs: request.end,
            limit: request.limit,
            direction: 'backward',
          });
        } catch (e) {
          if (e instanceof LogQueryError) fail(e);
          throw e;
        }
        return { lines: lines.map(toLogLine), fetchedAt: now(), warnings: [] };
      },
      // What the fleet's Loki API serves at /loki/api/v1/tail, in-process: read every half second.
      tail(request, sink) {
        let follower: LogFollower;
        try {
          follower = new LogFollower(fleet.logs, parseLogQuery(request.query));
        } catch (e) {
          sink.state('failed', e instanceof Error ? e.message : String(e));
          return { close: () => undefined };
        }
        catchUp();
        sink.state('live');
        const backlog = follower.backlog(request.start, request.limit, fleet.time);
        if (backlog.length > 0) sink.lines(backlog.map(toLogLine));
        const timer = setInterval(() => {
          catchUp();
          const { lines, dropped, lost } = follower.next(TAIL_LINES_PER_READ, fleet.time);
          if (lines.length > 0) sink.lines(lines.map(toLogLine));
          if (dropped.length + lost > 0) sink.dropped(dropped.length + lost);
        }, 500);
        timer.unref?.();
        return { close: () => clearInterval(timer) };
      },
    },
    traces: {
      async getTrace(traceId) {
        const spans = fleet.traces.get(traceId);
        if (!spans) throw new SourceError(config.id, `trace ${traceId} is not among the demo fleet's recent ${fleet.traces.capacity} traces`, 'not_found');
        return normalizeZipkin(spans);
      },
      // What the fleet's Zipkin API answers at /api/v2/dependencies.
      async dependencies(window) {
        catchUp();
        return fleet.traces.dependencies(window.endTs, window.lookbackMs);
      },
      // What the fleet's Zipkin API answers at /api/v2/traces, summarised as every trace source's results are.
      async searchTraces(query) {
        catchUp();
        const found = fleet.traces.search({
          ...(query.service ? { serviceName: query.service } : {}),
          ...(query.operation ? { spanName: query.operation } : {}),
          endTs: query.end,
          lookback: query.lookbackMs,
          limit: query.limit,
          ...(query.minDurationUs !== undefined ? { minDurationUs: query.minDurationUs } : {}),
          ...(query.maxDurationUs !== undefined ? { maxDurationUs: query.maxDurationUs } : {}),
          terms: Object.entries(query.tags).map(([key, value]) => (value === '' ? { key } : { key, value })),
        });
        const sorted = sortSummaries(found.map((e) => summarizeTrace(normalizeZipkin(e.spans))), query.sort);
        return { traces: sorted, warnings: query.query ? ["the demo fleet has no query language: the search used its fields only"] : [], limitReached: found.length >= query.limit };
      },
      async serviceNames() {
        catchUp();
        return fleet.traces.services();
      },
      async operations(service) {
        catchUp();
        return fleet.traces.spanNames(service).map((name) => ({ name }));
      },
    },
    deploys: {
      async listDeployments() {
        return fleet.deployer.list();
      },
      async switchTraffic(service, color) {
        try {
          return fleet.deployer.switchTraffic(service, color);
        } catch (e) {
          if (e instanceof UnknownServiceError) fail(e, 'not_found');
          throw e;
        }
      },
      // Idempotent by key and able to split traffic, like the fleet's HTTP deployer API.
      async requestSwitch(request) {
        try {
          const options = { key: request.idempotencyKey, by: request.requestedBy };
          return request.weights
            ? fleet.deployer.requestWeights(request.service, request.weights, options)
            : fleet.deployer.requestSwitch(request.service, request.color, options);
        } catch (e) {
          if (e instanceof UnknownServiceError) fail(e, 'not_found');
          throw e;
        }
      },
    },
    async close() {
      embedded.stop();
    },
  };
}
