import { z } from 'zod';
import type { SourceKind } from '../../shared';
import type { SourceHttp } from '../http/source-http';

/** What answers at an address, when it is not what the source's kind expects. */
export interface Identified {
  /** The kind a source would need to read it, when Lockstep has one. */
  kind?: SourceKind;
  /** "Alertmanager 0.25.0", "Grafana 10.2.0", "a Prometheus-compatible server". */
  product: string;
  /** Set when it is the expected product, but too old to speak the API Lockstep uses. */
  tooOld?: string;
}

/** Where each product usually listens, for "check the port" advice. */
export const DEFAULT_PORTS: Partial<Record<SourceKind, number>> = {
  prometheus: 9090,
  alertmanager: 9093,
  loki: 3100,
  elasticsearch: 9200,
  zipkin: 9411,
  jaeger: 16686,
  tempo: 3200,
};

const PromBuild = z.object({ status: z.literal('success'), data: z.object({ version: z.string().optional(), revision: z.string().optional() }) });
const AmStatusV2 = z.object({ versionInfo: z.object({ version: z.string() }), cluster: z.object({ status: z.string() }) });
const AmStatusV1 = z.object({ status: z.literal('success'), data: z.object({ versionInfo: z.object({ version: z.string() }), configYAML: z.string().optional() }) });
const LokiBuild = z.object({ version: z.string(), revision: z.string().optional(), goVersion: z.string().optional() });
const EsRoot = z.object({ version: z.object({ number: z.string(), distribution: z.string().optional() }), tagline: z.string().optional() });
const JaegerServices = z.object({ data: z.array(z.string()).nullable(), total: z.number().optional() });
const ZipkinServices = z.array(z.string());
const GrafanaHealth = z.object({ database: z.string(), version: z.string() });

interface Fingerprint {
  path: string;
  read(status: number, text: string): Identified | undefined;
}

function json<S extends z.ZodType>(schema: S, status: number, text: string): z.output<S> | undefined {
  if (status !== 200) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each product by an endpoint only it answers that way, in the order they are believed:
 * a Grafana or a Prometheus at the URL meant for Loki is the commonest slip. The
 * Alertmanager v1 status is how an Alertmanager too old for API v2 is recognised.
 */
const FINGERPRINTS: Fingerprint[] = [
  {
    path: '/api/v2/status',
    read: (status, text) => {
      const am = json(AmStatusV2, status, text);
      return am ? { kind: 'alertmanager', product: `Alertmanager ${am.versionInfo.version}` } : undefined;
    },
  },
  {
    path: '/api/v1/status',
    read: (status, text) => {
      const am = json(AmStatusV1, status, text);
      return am ? { kind: 'alertmanager', product: `Alertmanager ${am.data.versionInfo.version}`, tooOld: 'it speaks only Alertmanager API v1; Lockstep needs API v2 (Alertmanager 0.16.0 or later)' } : undefined;
    },
  },
  {
    path: '/api/v1/status/buildinfo',
    read: (status, text) => {
      const build = json(PromBuild, status, text);
      if (!build) return undefined;
      return { kind: 'prometheus', product: build.data.revision && build.data.version ? `Prometheus ${build.data.version}` : 'a Prometheus-compatible server' };
    },
  },
  {
    path: '/loki/api/v1/status/buildinfo',
    read: (status, text) => {
      const build = json(LokiBuild, status, text);
      return build ? { kind: 'loki', product: `Loki ${build.version}` } : undefined;
    },
  },
  {
    path: '/api/health',
    read: (status, text) => {
      const grafana = json(GrafanaHealth, status, text);
      return grafana ? { product: `Grafana ${grafana.version}` } : undefined;
    },
  },
  {
    path: '/',
    read: (status, text) => {
      const es = json(EsRoot, status, text);
      if (!es) return undefined;
      return { kind: 'elasticsearch', product: `${es.version.distribution?.toLowerCase() === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${es.version.number}` };
    },
  },
  { path: '/api/echo', read: (status, text) => (status === 200 && text.trim() === 'echo' ? { kind: 'tempo', product: 'Tempo' } : undefined) },
  { path: '/api/services', read: (status, text) => (json(JaegerServices, status, text) ? { kind: 'jaeger', product: 'Jaeger' } : undefined) },
  { path: '/api/v2/services', read: (status, text) => (json(ZipkinServices, status, text) ? { kind: 'zipkin', product: 'Zipkin' } : undefined) },
];

/**
 * Asks the address every fingerprint at once (through the source's own transport and
 * headers, each bounded by its timeout) and names the first product that answered as
 * itself. Undefined when nothing is recognised or nothing answers.
 */
export async function identifyProduct(http: SourceHttp, base: string, signal: AbortSignal): Promise<Identified | undefined> {
  const answers = await Promise.all(
    FINGERPRINTS.map(async (fingerprint) => {
      try {
        const answer = await http.text(`${base}${fingerprint.path}`, { signal, headers: { accept: 'application/json, text/plain' } });
        return fingerprint.read(answer.status, answer.text);
      } catch {
        return undefined;
      }
    }),
  );
  return answers.find((a) => a !== undefined);
}
