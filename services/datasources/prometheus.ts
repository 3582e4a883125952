import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import type { Exemplar, QueryRangeRequest, QueryResult } from '../../shared';
import { PrometheusDecodeError, toSeriesModel } from './prometheus-decode';
import { sharedMatrixDecoder } from './prometheus-decode-worker';
import { baseUrl, redact } from './endpoint-url';
import { MissingMetricDiagnosis } from './missing-metrics';
import type { BuildInfo, ExemplarsRequest, InstantQueryRequest, InstantResult, LookupRequest } from './metrics-types';
import { createPrometheusApi, ErrorEnvelopeSchema, envelopeError } from './prometheus-api';
import { decodeExemplars, exemplarQueryFor, exemplarsForSeries } from './prometheus-exemplars';
import { decodeInstant } from './prometheus-instant';
import { detectProduct } from './prometheus-product';
import { AlertsDataSchema, ExemplarsDataSchema, InstantDataSchema, NamesDataSchema, parseApiTime, parseSampleValue, RulesDataSchema, SeriesDataSchema } from './prometheus-schemas';
import { SourceError, type DataSource } from './types';

/** Build info is asked once in this long: a server is rarely upgraded under a running console. */
const BUILD_INFO_TTL_MS = 10 * 60_000;
/** After a source refuses exemplars (no such endpoint), it is not asked again for this long. */
const EXEMPLARS_OFF_MS = 10 * 60_000;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PrometheusSourceOptions {
  now?: () => number;
}

/**
 * The Prometheus HTTP API, which VictoriaMetrics, Thanos and Mimir/Cortex speak too: range
 * and instant queries (form-encoded POSTs, as Grafana sends them, so long PromQL never hits
 * a URL length limit), series and label look-ups, exemplars, rules, alerts and build info.
 * A range query that comes back empty says which metric the source lacks; one that reads a
 * histogram brings its exemplars (trace ids) along.
 */
export function createPrometheusSource(config: SourceConfigOf<'prometheus'>, deps: SourceDeps = {}, options: PrometheusSourceOptions = {}): DataSource {
  const now = options.now ?? Date.now;
  const base = baseUrl(config.url);
  const api = createPrometheusApi(config, base, deps);
  let build: { at: number; info: Promise<BuildInfo> } | undefined;
  let exemplarsOffUntil = 0;

  function buildInfo(signal?: AbortSignal): Promise<BuildInfo> {
    if (build && now() - build.at < BUILD_INFO_TTL_MS) return build.info;
    const info = detectProduct(api, signal);
    const entry = { at: now(), info };
    build = entry;
    // A failure is not remembered: the next call asks again.
    info.catch(() => {
      if (build === entry) build = undefined;
    });
    return info;
  }

  const diagnosis = new MissingMetricDiagnosis(api, (signal) => buildInfo(signal), now);

  async function queryRange(request: QueryRangeRequest, signal?: AbortSignal): Promise<QueryResult> {
    const form = new URLSearchParams({
      query: request.expr,
      start: seconds(request.start),
      end: seconds(request.end),
      step: String(request.stepSeconds),
    });
    const exemplarQuery = now() >= exemplarsOffUntil ? exemplarQueryFor(request.expr) : undefined;
    // Asked alongside the query, not after it, so a latency panel costs no extra round trip.
    const pendingExemplars = exemplarQuery ? exemplarsOf({ expr: exemplarQuery, start: request.start, end: request.end }, signal) : undefined;
    pendingExemplars?.catch(() => undefined);
    // The answer's bytes go straight to the matrix scanner (on a worker thread when large),
    // which checks envelope and points as it reads them: no JSON tree is ever built.
    const decoded = await api.postBytes('/api/v1/query_range', form, 'the query', (body) => decodeMatrix(body, request.expr), signal);
    const warnings = [...decoded.warnings];
    if (decoded.series.length === 0) warnings.push(...(await diagnosis.explain(request.expr, request, signal)));
    const exemplars = decoded.series.length > 0 ? exemplarsForSeries((await pendingExemplars?.catch(() => undefined)) ?? [], decoded.series) : [];
    return { series: decoded.series, fetchedAt: now(), warnings, ...(exemplars.length > 0 ? { exemplars } : {}) };
  }

  async function decodeMatrix(body: Buffer, expr: string) {
    try {
      return toSeriesModel(await sharedMatrixDecoder.decode(body, expr));
    } catch (error) {
      if (!(error instanceof PrometheusDecodeError)) throw error;
      const envelope = ErrorEnvelopeSchema.safeParse(error.answer);
      if (envelope.success) throw envelopeError(config, 'the query', envelope.data);
      throw new SourceError(config.id, `${api.host} sent ${error.message}`);
    }
  }

  async function exemplarsOf(request: ExemplarsRequest, signal?: AbortSignal): Promise<Exemplar[]> {
    const form = new URLSearchParams({ query: request.expr, start: seconds(request.start), end: seconds(request.end) });
    try {
      const answer = await api.post('/api/v1/query_exemplars', form, ExemplarsDataSchema, 'the exemplar query', signal);
      return decodeExemplars(answer.data);
    } catch (error) {
      if (error instanceof SourceError && (error.kind === 'not_found' || error.kind === 'rejected')) exemplarsOffUntil = now() + EXEMPLARS_OFF_MS;
      throw error;
    }
  }

  async function query(request: InstantQueryRequest, signal?: AbortSignal): Promise<InstantResult> {
    const form = new URLSearchParams({ query: request.expr });
    if (request.time !== undefined) form.set('time', seconds(request.time));
    const json = await api.postRaw('/api/v1/query', form, 'the query', signal);
    const answer = api.parse(json, InstantDataSchema, 'the query');
    try {
      return decodeInstant(answer.data, json, request.expr, answer.warnings);
    } catch (error) {
      if (!(error instanceof PrometheusDecodeError)) throw error;
      throw new SourceError(config.id, `${api.host} sent ${error.message}`);
    }
  }

  function lookupParams(request: LookupRequest): URLSearchParams {
    const params = new URLSearchParams();
    for (const match of request.match ?? []) params.append('match[]', match);
    if (request.start !== undefined) params.set('start', seconds(request.start));
    if (request.end !== undefined) params.set('end', seconds(request.end));
    return params;
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    metrics: {
      queryRange,
      query,
      exemplars: exemplarsOf,
      buildInfo,
      async series(request, signal) {
        if (!request.match?.length) throw new SourceError(config.id, 'A series look-up needs at least one selector (match[]), e.g. up{job="api"}.', 'rejected');
        return (await api.get('/api/v1/series', lookupParams(request), SeriesDataSchema, 'the series look-up', signal)).data;
      },
      async labelNames(request, signal) {
        return (await api.get('/api/v1/labels', lookupParams(request), NamesDataSchema, 'the label names look-up', signal)).data;
      },
      async labelValues(label, request, signal) {
        if (!LABEL_NAME.test(label)) throw new SourceError(config.id, `"${label.slice(0, 100)}" is not a label name (letters, digits and _, not starting with a digit).`, 'rejected');
        return (await api.get(`/api/v1/label/${label}/values`, lookupParams(request), NamesDataSchema, `the values of label ${label}`, signal)).data;
      },
      async rules(signal) {
        const answer = await api.get('/api/v1/rules', new URLSearchParams(), RulesDataSchema, 'the rules request', signal);
        return answer.data.groups.map((group) => ({
          name: group.name,
          file: group.file,
          ...(group.interval !== undefined ? { intervalSeconds: group.interval } : {}),
          rules: group.rules.map((rule) => ({
            type: rule.type,
            name: rule.name,
            query: rule.query,
            health: rule.health,
            ...(rule.lastError ? { lastError: rule.lastError } : {}),
            labels: rule.labels ?? {},
            annotations: rule.annotations ?? {},
            ...(rule.type === 'alerting' && rule.state ? { state: rule.state } : {}),
            ...(rule.type === 'alerting' && rule.duration !== undefined ? { forSeconds: rule.duration } : {}),
            ...optional('lastEvaluation', parseApiTime(rule.lastEvaluation)),
          })),
        }));
      },
      async alerts(signal) {
        const answer = await api.get('/api/v1/alerts', new URLSearchParams(), AlertsDataSchema, 'the alerts request', signal);
        return answer.data.alerts.map((alert) => ({
          labels: alert.labels,
          annotations: alert.annotations ?? {},
          state: alert.state,
          ...optional('activeAt', parseApiTime(alert.activeAt)),
          value: parseSampleValue(alert.value) ?? null,
        }));
      },
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
