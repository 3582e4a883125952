import type { z } from 'zod';
import type { PrometheusApi } from './prometheus-api';
import { BuildInfoDataSchema } from './prometheus-schemas';
import type { BuildInfo, MetricsProduct } from './metrics-types';
import { SourceError } from './types';

type BuildData = z.output<typeof BuildInfoDataSchema>;

/**
 * Which product speaks the Prometheus API at this address, and its version. Each answers
 * `/api/v1/status/buildinfo` its own way: Mimir names itself (`application`); Prometheus and
 * Thanos give version, revision and branch (Thanos Query alone also answers
 * `/api/v1/stores`); VictoriaMetrics gives only the Prometheus version it imitates, or in
 * distribution builds nothing, and names itself in `/metrics` (`vm_app_version`).
 */
export async function detectProduct(api: PrometheusApi, signal?: AbortSignal): Promise<BuildInfo> {
  let build: BuildData | undefined;
  try {
    build = (await api.get('/api/v1/status/buildinfo', new URLSearchParams(), BuildInfoDataSchema, 'the build info request', signal)).data;
  } catch (error) {
    // Older servers (Cortex, VictoriaMetrics before 1.7x) have no such endpoint; tell them apart below.
    if (!(error instanceof SourceError) || (error.kind !== 'not_found' && error.kind !== 'rejected')) throw error;
  }
  const application = build?.application ?? '';
  if (/mimir/i.test(application)) return info('Mimir', build?.version);
  if (/cortex/i.test(application)) return info('Cortex', build?.version);
  if (build?.revision || build?.branch || build?.goVersion) {
    const stores = await api.text('/api/v1/stores', signal).catch(() => undefined);
    const isThanos = stores?.status === 200 && stores.text.includes('"success"');
    return info(isThanos ? 'Thanos' : 'Prometheus', build.version);
  }
  const metrics = await api.text('/metrics', signal).catch(() => undefined);
  const text = metrics?.status === 200 ? metrics.text : '';
  const vm = /^vm_app_version\{[^}]*\bversion="([^"]*)"/m.exec(text);
  if (vm) return info('VictoriaMetrics', /v(\d+\.\d+\.\d+)/.exec(vm[1] ?? '')?.[1]);
  if (/^cortex_/m.test(text)) return info('Cortex', undefined);
  return info('Prometheus-compatible', build?.version);
}

function info(product: MetricsProduct, version: string | undefined): BuildInfo {
  const v = version?.trim() || undefined;
  return { product, ...(v ? { version: v } : {}), summary: v ? `${product} ${v}` : `${product} (version not reported)` };
}
