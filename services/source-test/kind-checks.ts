import { z } from 'zod';
import type { Dashboard, SourceKind } from '../../shared';
import type { SourceConfig, SourceConfigOf } from '../config/sources';
import { AmStatusSchema } from '../datasources/alertmanager-schemas';
import { baseUrl } from '../datasources/endpoint-url';
import { MissingMetricDiagnosis } from '../datasources/missing-metrics';
import { createPrometheusApi } from '../datasources/prometheus-api';
import type { DataSource } from '../datasources/types';
import type { SourceHttp } from '../http/source-http';
import type { SourceTransport } from '../http/source-transport';
import type { CredentialReader } from '../settings/credentials';
import { anyOf, recordedSeriesOf } from './recorded-series';
import { unsupportedVersion } from './versions';

/** What a test found: "ok", or what failed, in one sentence. */
export interface Outcome {
  ok: boolean;
  kind: string;
  sentence: string;
  product?: string;
  version?: string;
}

export interface CheckContext {
  config: SourceConfig;
  /** The draft source, made from the config as it would run. */
  source: DataSource;
  /** Raw requests with the source's headers, sign-in, TLS and proxy. */
  http: SourceHttp;
  transport?: SourceTransport;
  credentials?: CredentialReader;
  base: string;
  host: string;
  signal: AbortSignal;
  now: number;
  dashboard: Dashboard;
  /** Runs one step, noting it (and its words) in the result's checks; a failure is noted and thrown on. */
  step<T>(what: string, run: () => Promise<T>, said: (value: T) => string): Promise<T>;
}

const HOUR_MS = 3600_000;
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const ok = (sentence: string, product?: string, version?: string): Outcome => ({ ok: true, kind: 'ok', sentence, ...(product ? { product } : {}), ...(version ? { version } : {}) });

/** The version check, as an outcome, when the product is older than Lockstep supports. */
function tooOld(product: string, version: string | undefined, host: string): Outcome | undefined {
  const sentence = unsupportedVersion(product, version, host);
  return sentence ? { ok: false, kind: 'unsupported_version', sentence, product, ...(version ? { version } : {}) } : undefined;
}

/**
 * Prometheus and what speaks its API (VictoriaMetrics, Thanos, Mimir): a query answers
 * (through any sign-in), which product and version it is, and whether the recorded series
 * the dashboard's panels read are there — the commonest reason a new source's panels stay
 * empty, said with how to load them (services/datasources/missing-metrics.ts words it).
 */
async function prometheus(ctx: CheckContext): Promise<Outcome> {
  const metrics = ctx.source.metrics!;
  await ctx.step('the query API', () => metrics.query!({ expr: 'vector(1)' }, ctx.signal), () => `${ctx.host} answered a query`);
  const build = await ctx.step('which product', () => metrics.buildInfo!(ctx.signal), (b) => b.summary);
  const old = tooOld(build.product, build.version, ctx.host);
  if (old) return old;
  const names = recordedSeriesOf(ctx.dashboard);
  if (names.length === 0) return ok(`${build.summary} answered`, build.product, build.version);
  const window = { start: ctx.now - HOUR_MS, end: ctx.now };
  const present = new Set(
    await ctx.step(
      'the recorded series',
      () => metrics.labelValues!('__name__', { match: [anyOf(names)], ...window }, ctx.signal),
      (found) => `${names.filter((n) => found.includes(n)).length} of ${names.length} recorded series the dashboard reads have samples in the last hour`,
    ),
  );
  const missing = names.filter((name) => !present.has(name));
  if (missing.length === 0) return ok(`${build.summary} answered; ${names.length} of ${names.length} recorded series present`, build.product, build.version);
  const config = ctx.config as SourceConfigOf<'prometheus'>;
  const api = createPrometheusApi(config, baseUrl(config.url), { credentials: ctx.credentials, transport: ctx.transport });
  const diagnosis = new MissingMetricDiagnosis(api, async () => build);
  const advice = (await diagnosis.explain(missing.join(' or '), window, ctx.signal))[0];
  // Its sentence ends with what to do ("— add stack/rules/lockstep.rules.yml to its rule_files."): that is the part wanted here.
  const howTo = advice?.includes(' — ') ? advice.slice(advice.indexOf(' — ') + 3).replace(/\.$/, '') : 'load the rules of stack/rules/lockstep.rules.yml there';
  const listed = missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
  return {
    ok: false,
    kind: 'missing_series',
    sentence: `${build.summary} answered, but ${missing.length} of the ${names.length} recorded series the dashboard reads are missing (${listed}): ${howTo}`,
    product: build.product,
    ...(build.version ? { version: build.version } : {}),
  };
}

/** Every member answers /api/v2/status (version, cluster) and the alert list, through any sign-in. */
async function alertmanager(ctx: CheckContext): Promise<Outcome> {
  const config = ctx.config as SourceConfigOf<'alertmanager'>;
  const members = [...new Set([config.url, ...(config.urls ?? [])].map(baseUrl))];
  const statuses: z.output<typeof AmStatusSchema>[] = [];
  for (const member of members) {
    const host = new URL(member).host;
    statuses.push(
      await ctx.step(`${host} /api/v2/status`, () => ctx.http.json(`${member}/api/v2/status`, AmStatusSchema, { signal: ctx.signal }), (s) => `Alertmanager ${s.versionInfo.version ?? '(version not reported)'}, cluster ${s.cluster.status}`),
    );
  }
  const version = statuses[0]!.versionInfo.version;
  const old = tooOld('Alertmanager', version, ctx.host);
  if (old) return old;
  const gossipOff = members.findIndex((_m, i) => statuses[i]!.cluster.status === 'disabled');
  if (members.length > 1 && gossipOff >= 0) {
    return {
      ok: false,
      kind: 'cluster',
      sentence: `${new URL(members[gossipOff]!).host} runs with gossip off (cluster disabled), so a silence set on another member never reaches it: start it with --cluster.peer pointing at the others, or list it as a separate source`,
      product: 'Alertmanager',
      ...(version ? { version } : {}),
    };
  }
  const alerts = await ctx.step('the alert list', () => ctx.source.alerts!.listAlerts(ctx.signal), (list) => `${count(list.length, 'alert')} listed`);
  const firing = alerts.filter((a) => a.state === 'firing').length;
  const peers = statuses[0]!.cluster.peers.length;
  const cluster = members.length > 1 ? `; all ${members.length} members answer, cluster ${statuses[0]!.cluster.status} (${count(peers, 'peer')})` : '';
  const summary = `Alertmanager ${version ?? '(version not reported)'}`;
  return ok(`${summary} answered; ${count(firing, 'alert')} firing${cluster}`, 'Alertmanager', version);
}

const LokiBuildSchema = z.object({ version: z.string() });

/** Build info (or /ready on a Loki without it), then the labels of the last hour: the tenant and sign-in are accepted, and logs arrive. */
async function loki(ctx: CheckContext): Promise<Outcome> {
  const config = ctx.config as SourceConfigOf<'loki'>;
  const tenant = config.tenant ? { 'x-scope-orgid': config.tenant } : undefined;
  const build = await ctx.step(
    'which version',
    async () => {
      const answer = await ctx.http.text(`${ctx.base}/loki/api/v1/status/buildinfo`, { signal: ctx.signal, ...(tenant ? { headers: tenant } : {}) });
      if (answer.status === 200) {
        try {
          const parsed = LokiBuildSchema.safeParse(JSON.parse(answer.text));
          if (parsed.success) return parsed.data.version;
        } catch {
          // not JSON: asked below whether it is a Loki at all
        }
      }
      return undefined;
    },
    (version) => (version ? `Loki ${version}` : 'no build info'),
  );
  const labels = await ctx.step('the labels of the last hour', () => ctx.source.logs!.labels!({ start: ctx.now - HOUR_MS, end: ctx.now }, ctx.signal), (list) => count(list.length, 'label'));
  const summary = build ? `Loki ${build}` : 'Loki (version not reported)';
  if (labels.length === 0) {
    return { ok: false, kind: 'no_data', sentence: `${summary} answered, but it has no log streams in the last hour${config.tenant ? ` for the tenant "${config.tenant}"` : ''} — is anything shipping logs to it?`, product: 'Loki', ...(build ? { version: build } : {}) };
  }
  return ok(`${summary} answered; ${count(labels.length, 'label')} in the last hour`, 'Loki', build);
}

const EsRootSchema = z.object({ version: z.object({ number: z.string(), distribution: z.string().optional() }) });
const EsCountSchema = z.object({ count: z.number() });

/** The root (product and version), then how many documents the index pattern holds. */
async function elasticsearch(ctx: CheckContext): Promise<Outcome> {
  const config = ctx.config as SourceConfigOf<'elasticsearch'>;
  const root = await ctx.step('which product', () => ctx.http.json(`${ctx.base}/`, EsRootSchema, { signal: ctx.signal }), (r) => `${r.version.distribution ?? 'elasticsearch'} ${r.version.number}`);
  const product = root.version.distribution?.toLowerCase() === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
  const old = tooOld(product, root.version.number, ctx.host);
  if (old) return old;
  const index = encodeURIComponent(config.index).replaceAll('%2A', '*').replaceAll('%2C', ',');
  const documents = await ctx.step(`the index ${config.index}`, () => ctx.http.json(`${ctx.base}/${index}/_count`, EsCountSchema, { signal: ctx.signal }), (c) => count(c.count, 'document'));
  const summary = `${product} ${root.version.number}`;
  if (documents.count === 0) return { ok: false, kind: 'no_data', sentence: `${summary} answered, but ${config.index} holds no documents — check the index pattern`, product, version: root.version.number };
  return ok(`${summary} answered; ${count(documents.count, 'document')} in ${config.index}`, product, root.version.number);
}

const ZipkinServicesSchema = z.array(z.string());
const JaegerServicesSchema = z.object({ data: z.array(z.string()).nullable() });
const TempoBuildSchema = z.object({ version: z.string() });

async function zipkin(ctx: CheckContext): Promise<Outcome> {
  const services = await ctx.step('the services', () => ctx.http.json(`${ctx.base}/api/v2/services`, ZipkinServicesSchema, { signal: ctx.signal }), (s) => count(s.length, 'service'));
  return ok(`Zipkin answered; ${count(services.length, 'service')} traced`, 'Zipkin');
}

async function jaeger(ctx: CheckContext): Promise<Outcome> {
  const services = await ctx.step('the services', () => ctx.http.json(`${ctx.base}/api/services`, JaegerServicesSchema, { signal: ctx.signal }), (s) => count(s.data?.length ?? 0, 'service'));
  return ok(`Jaeger answered; ${count(services.data?.length ?? 0, 'service')} traced`, 'Jaeger');
}

/** Tempo answers `echo` at /api/echo; its version, where it tells, at /api/status/buildinfo. */
async function tempo(ctx: CheckContext): Promise<Outcome> {
  await ctx.step(
    '/api/echo',
    async () => {
      const answer = await ctx.http.text(`${ctx.base}/api/echo`, { signal: ctx.signal });
      if (answer.status !== 200 || answer.text.trim() !== 'echo') throw new NotThatProduct(`${ctx.host} answered /api/echo with ${answer.status === 200 ? `"${answer.text.trim().slice(0, 60)}"` : `HTTP ${answer.status}`}, not Tempo's "echo"`);
      return answer;
    },
    () => 'echo',
  );
  const version = await ctx.step(
    'which version',
    async () => {
      const answer = await ctx.http.text(`${ctx.base}/api/status/buildinfo`, { signal: ctx.signal });
      try {
        return answer.status === 200 ? TempoBuildSchema.safeParse(JSON.parse(answer.text)).data?.version : undefined;
      } catch {
        return undefined;
      }
    },
    (v) => v ?? 'not reported',
  );
  return ok(`Tempo ${version ?? '(version not reported)'} answered`, 'Tempo', version);
}

/** A deployer: its deployments list answers, through any sign-in. */
async function deployer(ctx: CheckContext): Promise<Outcome> {
  const list = await ctx.step('the deployments', () => ctx.source.deploys!.listDeployments(ctx.signal), (d) => count(d.length, 'service'));
  return ok(`${ctx.config.name} answered; ${count(list.length, 'service')} deployed`);
}

async function demo(): Promise<Outcome> {
  return ok('The embedded demo fleet runs inside Lockstep: there is nothing to connect to');
}

/** An answer that is plainly not the product: asked what it is instead. */
export class NotThatProduct extends Error {}

export const KIND_CHECKS: Record<SourceKind, (ctx: CheckContext) => Promise<Outcome>> = {
  prometheus,
  alertmanager,
  loki,
  elasticsearch,
  zipkin,
  jaeger,
  tempo,
  'deployer-http': deployer,
  'deploy-webhook': deployer,
  'argo-rollouts': deployer,
  demo,
};

/** How each kind is named in "… is Alertmanager 0.25.0, not Prometheus". */
export const PRODUCT_OF: Record<SourceKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  elasticsearch: 'Elasticsearch',
  zipkin: 'Zipkin',
  jaeger: 'Jaeger',
  tempo: 'Tempo',
  'deployer-http': 'the deployer API',
  'deploy-webhook': 'the deploy system',
  'argo-rollouts': 'the Kubernetes API',
  demo: 'the demo fleet',
};
