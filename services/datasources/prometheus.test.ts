import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  scrapeConfigFor,
  skipUnlessInstalled,
  startPrometheus,
  startStaticExporter,
  startVictoriaMetrics,
  waitFor,
  type RealServer,
  type StaticExporter,
} from '../../testing';
import { valuesWithInfinities } from '../../shared';
import { createPrometheusSource } from './prometheus';
import { SourceError, type DataSource } from './types';

const EXPORTER_BODY = [
  '# TYPE test_temperature gauge',
  'test_temperature{city="berlin"} 21.5',
  'test_temperature{city="paris"} 19.25',
  '# TYPE test_weird gauge',
  'test_weird{kind="nan"} NaN',
  'test_weird{kind="pinf"} +Inf',
  '',
].join('\n');

function source(url: string, id = 'prom'): DataSource {
  return createPrometheusSource({ id, name: 'Test Prometheus', kind: 'prometheus', url, timeoutMs: 5_000 });
}

async function lastMinute(ds: DataSource, expr: string) {
  const end = Date.now();
  return ds.metrics!.queryRange({ expr, start: end - 60_000, end, stepSeconds: 1 });
}

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

for (const flavour of ['Prometheus', 'VictoriaMetrics'] as const) {
  const binary = flavour === 'Prometheus' ? 'prometheus' : 'victoriaMetrics';
  describe.skipIf(skipUnlessInstalled([binary], `${flavour} connector tests`))(`Prometheus connector against real ${flavour}`, () => {
    let exporter: StaticExporter;
    let server: RealServer;
    let ds: DataSource;

    beforeAll(async () => {
      exporter = await startStaticExporter(EXPORTER_BODY);
      const config = scrapeConfigFor(exporter.url, 1);
      server = flavour === 'Prometheus' ? await startPrometheus({ configYaml: config }) : await startVictoriaMetrics({ scrapeConfigYaml: config });
      ds = source(server.url);
      await waitFor(`${flavour} to hold two samples`, async () => {
        const result = await lastMinute(ds, 'test_temperature{city="berlin"}');
        return (result.series[0]?.times.length ?? 0) >= 2 ? true : undefined;
      }, { timeoutMs: 40_000 });
    });
    afterAll(async () => {
      await server?.stop();
      await exporter?.close();
    });

    it('returns scraped series as columnar frames with labels', async () => {
      const result = await lastMinute(ds, 'test_temperature');
      const cities = result.series.map((s) => s.labels.city).sort();
      expect(cities).toEqual(['berlin', 'paris']);
      const berlin = result.series.find((s) => s.labels.city === 'berlin')!;
      expect(berlin.name).toBe('test_temperature');
      expect(berlin.labels.job).toBe('exporter');
      expect(berlin.times.length).toBe(berlin.values.length);
      expect(berlin.values.every((v) => v === 21.5)).toBe(true);
      expect(berlin.times[1]! - berlin.times[0]!).toBe(1000);
      expect(result.fetchedAt).toBeGreaterThan(Date.now() - 10_000);
    });

    it('names aggregated series by their label set', async () => {
      const result = await lastMinute(ds, 'sum by (city) (test_temperature)');
      expect(result.series.map((s) => s.name).sort()).toEqual(['{city="berlin"}', '{city="paris"}']);
    });

    it('keeps +Inf as an infinity marker (and NaN as gaps where the server keeps them)', async () => {
      const result = await lastMinute(ds, 'test_weird');
      const pinf = result.series.find((s) => s.labels.kind === 'pinf')!;
      expect(pinf.values.length).toBeGreaterThan(0);
      expect(valuesWithInfinities(pinf).every((v) => v === Infinity)).toBe(true);
      expect(pinf.posInf).toEqual(pinf.values.map((_, i) => i));
      const nan = result.series.find((s) => s.labels.kind === 'nan');
      // VictoriaMetrics drops NaN samples; Prometheus keeps them as "NaN".
      if (nan) expect(nan.values.every((v) => v === null)).toBe(true);
      else expect(flavour).toBe('VictoriaMetrics');
    });

    it('explains a query the server rejects, in its own words', async () => {
      const error = await rejection(lastMinute(ds, 'sum(rate(test_temperature[1m]'));
      expect(error.kind).toBe('rejected');
      expect(error.message).toMatch(
        flavour === 'Prometheus'
          ? /^Test Prometheus refused the query \(bad_data\): 1:30: parse error: unclosed left parenthesis$/
          : /^Test Prometheus refused the query \(422\): error when executing query="sum\(rate\(test_temperature\[1m\]" /,
      );
      expect(error.sourceId).toBe('prom');
    });

    it('names a recorded series of ours that the source lacks, and says how to load the rules there', async () => {
      // A source of its own: the set-up's polling before the first scrape saw every name missing, and that is remembered a while.
      const result = await lastMinute(source(server.url, 'fresh-1'), 'city:lock_online:ratio{city="shenzhen"}');
      expect(result.series).toEqual([]);
      const where = `${flavour} (${new URL(server.url).host})`;
      const howTo =
        flavour === 'Prometheus'
          ? 'add stack/rules/lockstep.rules.yml to its rule_files'
          : 'load them there with vmalert (-rule=stack/rules/lockstep.rules.yml, -remoteWrite.url pointing at VictoriaMetrics)';
      expect(result.warnings).toEqual([
        `No series named city:lock_online:ratio at ${where}: it is one of Lockstep's recording rules (shared/rules/lockstep-rules.ts) — ${howTo}.`,
      ]);
    });

    it('names any other missing metric, and says nothing when the metric exists but no series match', async () => {
      const fresh = source(server.url, 'fresh-2');
      const missing = await lastMinute(fresh, 'sum by (city) (rate(no_such_requests_total[1m])) / sum by (city) (test_temperature)');
      expect(missing.warnings).toEqual([
        `No series named no_such_requests_total at ${flavour} (${new URL(server.url).host}): check the name, and that this source scrapes the exporter that provides it.`,
      ]);
      const unmatched = await lastMinute(fresh, 'test_temperature{city="nowhere"}');
      expect(unmatched.series).toEqual([]);
      expect(unmatched.warnings).toEqual([]);
    });
  });
}

describe('Prometheus connector when the server misbehaves', () => {
  let junk: Server;
  let junkUrl: string;
  beforeAll(async () => {
    junk = createServer((req, res) => {
      if (req.url?.startsWith('/html')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      else if (req.url?.startsWith('/gateway')) res.writeHead(502).end('Bad Gateway\n');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}');
    });
    await new Promise<void>((resolve) => junk.listen(0, '127.0.0.1', resolve));
    junkUrl = `http://127.0.0.1:${(junk.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => junk.close(() => resolve())));

  it('says it cannot reach a server that is down', async () => {
    const port = await freePort();
    const error = await rejection(lastMinute(source(`http://127.0.0.1:${port}`), 'up'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`127.0.0.1:${port} refused the connection — is Prometheus running there?`);
  });

  it('says when the answer is not JSON', async () => {
    const error = await rejection(lastMinute(source(`${junkUrl}/html`), 'up'));
    expect(error.message).toBe(`127.0.0.1:${new URL(junkUrl).port} answered with an HTML page, not the Prometheus API — a login proxy in front of it, or the wrong URL?`);
  });

  it('passes on the status of a failing proxy', async () => {
    const error = await rejection(lastMinute(source(`${junkUrl}/gateway`), 'up'));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/answered 502: Bad Gateway/);
  });

  it('says where a malformed sample is', async () => {
    const error = await rejection(lastMinute(source(junkUrl), 'up'));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/series 0, point 0/);
  });
});
