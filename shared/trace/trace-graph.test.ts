import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeJaeger } from './jaeger';
import { traceGraph } from './trace-graph';
import { normalizeZipkin } from './zipkin';

// Recorded payloads copied from /work/shared/fixtures (sources in its README): yelp.json and skew.json from openzipkin/zipkin zipkin-lens/testdata, ui_01.json from jaegertracing/jaeger.
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));

describe('traceGraph on recorded traces', () => {
  it('pairs a Zipkin client with its server half and times the call as the client saw it (skew.json)', () => {
    const graph = traceGraph(normalizeZipkin(fixture('skew.json')));
    expect(graph.nodes.map((n) => [n.service, n.depth, n.spans])).toEqual([
      ['servicea', 0, 2],
      ['serviceb', 1, 2],
    ]);
    expect(graph.edges).toEqual([{ from: 'servicea', to: 'serviceb', calls: 1, totalUs: 94539, meanUs: 94539, errors: 0 }]);
  });

  it('draws every service boundary of yelp.json, with peers that sent no spans marked', () => {
    const trace = normalizeZipkin(fixture('yelp.json'));
    const graph = traceGraph(trace);
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);
    // The yelp-main → mobile_api call: the client span 'post' lasted 56 ms (CS→CR), the server 41.74 ms.
    expect(edge('yelp-main', 'mobile_api')).toEqual({ from: 'yelp-main', to: 'mobile_api', calls: 1, totalUs: 56000, meanUs: 56000, errors: 0 });
    // memcache never reported spans: three client calls from yelp-main name it as their remote endpoint.
    expect(edge('yelp-main', 'memcache')).toMatchObject({ calls: 3, totalUs: 233 + 993 + 1068, uninstrumented: true });
    expect(edge('mobile_api', 'spectre')).toMatchObject({ calls: 1, totalUs: 3000 });
    expect(graph.nodes.find((n) => n.service === 'routing')?.depth).toBe(0);
    expect(graph.nodes.find((n) => n.service === 'spectre')?.depth).toBe(3);
    // Every instrumented span is counted once on its service's node.
    expect(graph.nodes.reduce((sum, n) => sum + n.spans, 0)).toBe(trace.spans.length);
    // Biggest total time first.
    const totals = graph.edges.map((e) => e.totalUs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('counts errors on the calls and the services of a Jaeger trace (ui_01.json)', () => {
    const [trace] = normalizeJaeger(fixture('ui_01.json'));
    const graph = traceGraph(trace!);
    expect(graph.nodes.map((n) => [n.service, n.depth, n.spans, n.errors])).toEqual([
      ['service-x', 0, 2, 1],
      ['service-y', 1, 3, 0],
    ]);
    expect(graph.edges).toEqual([{ from: 'service-x', to: 'service-y', calls: 2, totalUs: 10, meanUs: 5, errors: 0 }]);
  });

  it('gives an empty graph for a trace with no spans', () => {
    expect(traceGraph({ traceId: 'a', spans: [], resources: [], warnings: [] })).toEqual({ nodes: [], edges: [] });
  });
});
