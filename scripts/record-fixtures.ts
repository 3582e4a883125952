/**
 * `npm run record`: starts the demo fleet, a real Prometheus and a real VictoriaMetrics with
 * vmalert (the stack's rules on both, stack/servers/metrics-pair.ts), asks each the requests
 * the Prometheus connector makes, and writes their answers byte for byte into
 * services/datasources/testdata/{prometheus,victoriametrics}/recorded/, with an index of
 * what was asked and the HTTP status. Tests replay these files; they never run this script.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exemplarQueryFor } from '../services/datasources/prometheus-exemplars';
import { startMetricsPair } from '../stack/servers/metrics-pair';
import { describeError } from '../services/util/errors';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TESTDATA = join(ROOT, 'services/datasources/testdata');
/** History to gather before recording: longer than the rules' 15 s rate window. */
const WARM_UP_MS = 25_000;

interface Ask {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  params: Record<string, string | string[]>;
  /** Only from this product (VictoriaMetrics names itself in /metrics). */
  only?: 'prometheus' | 'victoriametrics';
}

function asks(now: number): Ask[] {
  const range = { start: ((now - 60_000) / 1000).toFixed(3), end: (now / 1000).toFixed(3) };
  const latency = 'service:http_server_request_duration_seconds:p95_rate1m';
  return [
    { name: 'query_range_service_errors', method: 'POST', path: '/api/v1/query_range', params: { query: 'service:http_server_errors:ratio_rate1m', ...range, step: '5' } },
    { name: 'query_range_service_latency', method: 'POST', path: '/api/v1/query_range', params: { query: latency, ...range, step: '5' } },
    { name: 'query_range_bad_data', method: 'POST', path: '/api/v1/query_range', params: { query: 'sum(rate(lock_online[1m]', ...range, step: '5' } },
    { name: 'query_vector', method: 'POST', path: '/api/v1/query', params: { query: 'service:http_server_errors:ratio_rate1m', time: range.end } },
    { name: 'query_scalar', method: 'POST', path: '/api/v1/query', params: { query: 'scalar(count(city:lock_online:ratio))', time: range.end } },
    { name: 'query_exemplars', method: 'POST', path: '/api/v1/query_exemplars', params: { query: exemplarQueryFor(latency)!, ...range } },
    { name: 'series', method: 'GET', path: '/api/v1/series', params: { 'match[]': ['lock_devices{city="shenzhen"}'], ...range } },
    { name: 'labels', method: 'GET', path: '/api/v1/labels', params: { 'match[]': ['lock_online'], ...range } },
    { name: 'label_city_values', method: 'GET', path: '/api/v1/label/city/values', params: { 'match[]': ['lock_online'], ...range } },
    { name: 'label_name_values', method: 'GET', path: '/api/v1/label/__name__/values', params: { 'match[]': ['{__name__=~"city:lock_online:ratio|lock_online|no_such_metric"}'], ...range } },
    { name: 'rules', method: 'GET', path: '/api/v1/rules', params: {} },
    { name: 'alerts', method: 'GET', path: '/api/v1/alerts', params: {} },
    { name: 'buildinfo', method: 'GET', path: '/api/v1/status/buildinfo', params: {} },
    { name: 'stores', method: 'GET', path: '/api/v1/stores', params: {} },
    { name: 'metrics', method: 'GET', path: '/metrics', params: {}, only: 'victoriametrics' },
  ];
}

async function record(product: 'prometheus' | 'victoriametrics', base: string, now: number): Promise<void> {
  const dir = join(TESTDATA, product, 'recorded');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const index = [];
  for (const ask of asks(now)) {
    if (ask.only && ask.only !== product) continue;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(ask.params)) for (const v of [value].flat()) params.append(key, v);
    const url = ask.method === 'GET' && params.size > 0 ? `${base}${ask.path}?${params}` : `${base}${ask.path}`;
    // Node's own fetch: the scripts layer composes hosts and does not reach into the services' transport.
    const response = await fetch(url, {
      method: ask.method,
      headers: ask.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: ask.method === 'POST' ? params.toString() : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    let body = await response.text();
    const contentType = response.headers.get('content-type');
    let note: string | undefined;
    if (ask.name === 'metrics') {
      // The whole page is ~100 KB of internals; the product test needs only the line that names it.
      body = body.split('\n').filter((line) => /^(# (HELP|TYPE) )?vm_app_version\b/.test(line)).join('\n') + '\n';
      note = 'trimmed to the vm_app_version lines';
    }
    const extension = ask.name === 'metrics' || !(contentType ?? '').includes('json') ? 'txt' : 'json';
    const file = `${ask.name}.${extension}`;
    writeFileSync(join(dir, file), body);
    index.push({ name: ask.name, method: ask.method, path: ask.path, params: ask.params, status: response.status, contentType, file, ...(note ? { note } : {}) });
    console.log(`${product} ${ask.name}: ${response.status}, ${body.length} bytes`);
  }
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify({ recordedAt: new Date(now).toISOString(), base: 'http://127.0.0.1:PORT', requests: index }, null, 2)}\n`);
}

const pair = await startMetricsPair({ root: ROOT, locks: 20_000 });
let failed = false;
try {
  console.log(`Prometheus at ${pair.prometheus.url}, VictoriaMetrics at ${pair.victoria.url}; gathering ${WARM_UP_MS / 1000} s of history…`);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const now = Date.now() - 2_000;
  await record('prometheus', pair.prometheus.url, now);
  await record('victoriametrics', pair.victoria.url, now);
} catch (error) {
  failed = true;
  console.error(`Recording failed: ${describeError(error)}`);
} finally {
  await pair.stop();
}
process.exitCode = failed ? 1 : 0;
