import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jaegerSpanProblems } from '../testdata/trace-checks';
import { normalizeJaeger } from './jaeger';
import { TraceFormatError } from './warnings';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));
type JaegerFixture = Parameters<typeof jaegerSpanProblems>[0];
/** The trace objects of a fixture, whatever envelope it came in. */
const tracesOf = (json: unknown): JaegerFixture[] => {
  const data = (json as { data?: unknown }).data ?? json;
  return (Array.isArray(data) ? data : [data]) as JaegerFixture[];
};

describe('normalizeJaeger, span by span', () => {
  it.each(['ui_01.json', 'flamegraph-trace.json', 'jaeger-trace-loki-all-grafana.json', 'jaeger-ui-multi-reference.json', 'jaeger-out.json', 'jaeger-multi-out.json'])(
    'keeps every span of %s with its service, tags and logs, and no time is negative',
    (name) => {
      const json = fixture(name);
      const traces = normalizeJaeger(json);
      const raws = tracesOf(json);
      expect(traces).toHaveLength(raws.length);
      traces.forEach((trace, k) => expect(jaegerSpanProblems(raws[k]!, trace)).toEqual([]));
    },
  );
});

describe('normalizeJaeger', () => {
  it('reads typed tags, logs as events, duplicate ids as distinct rows, and references to other traces as links (ui_01.json)', () => {
    const [trace, ...rest] = normalizeJaeger(fixture('ui_01.json'));
    expect(rest).toHaveLength(0);
    expect(trace!.traceId).toBe('0000000000000001');
    expect(trace!.spans.map((s) => [s.spanId, s.reportedId, s.parentId])).toEqual([
      ['2', undefined, undefined],
      ['2:2', '2', undefined],
      ['3', undefined, '2'],
      ['4', undefined, '2'],
      ['5', undefined, '4'],
    ]);
    const [first, second] = trace!.spans;
    expect(first).toMatchObject({ service: 'service-x', operation: 'test-general-conversion', kind: 'internal', status: { code: 'unset' } });
    expect(first!.events).toEqual([
      { time: 1485467191639875, name: 'some-event', attributes: {} },
      { time: 1485467191639875, name: '', attributes: { x: 'y' } },
    ]);
    expect(second!.attributes).toEqual({ 'peer.service': 'service-y', 'peer.ipv4': '23456', error: 'true', temperature: '72.5', blob: 'AAAwOQ==' });
    expect(second!.status).toEqual({ code: 'error' });
    const note = 'one of 2 different spans reported under id 2 (service-x "test-general-conversion", service-x "some-operation"); each is shown as its own row';
    expect(first!.notes).toEqual([note]);
    expect(second!.notes).toEqual([note]);
    // CHILD_OF within the trace is the parent; CHILD_OF into trace ff and FOLLOWS_FROM are links.
    const four = trace!.spans[3]!;
    expect(four.links).toEqual([
      { traceId: '00000000000000ff', spanId: 'ff', type: 'child_of' },
      { traceId: '0000000000000001', spanId: '2', type: 'follows_from' },
    ]);
    expect(four.notes).toEqual(['Jaeger: some span warning']);
    expect(trace!.resources).toEqual([
      { service: 'service-x', attributes: {} },
      { service: 'service-y', attributes: {} },
    ]);
    expect(trace!.warnings).toEqual([
      'some trace warning',
      'span 4: some span warning',
      'span 5: some span warning',
      '2 different spans share the id 2; each is shown as its own row (2:2)',
    ]);
  });

  it('takes the host and version from the process tags, and keeps them as resource attributes (trace-loki-all-grafana.json)', () => {
    const [trace] = normalizeJaeger(fixture('jaeger-trace-loki-all-grafana.json'));
    expect(trace!.resources).toEqual([
      {
        service: 'loki-all',
        host: '07bb841e14c3',
        attributes: { 'jaeger.version': 'Go-2.25.0', hostname: '07bb841e14c3', ip: '172.26.0.2', 'client-uuid': '44344b1d17f4ce30' },
      },
    ]);
    expect(trace!.spans.map((s) => [s.spanId, s.kind, s.resource, s.attributes['span.kind']])).toEqual([
      ['2ee9739529395e31', 'client', 0, undefined],
      ['620c647812563b5a', 'client', 0, undefined],
    ]);
  });

  it('takes the first CHILD_OF as the parent and keeps a second one as a link (jaeger-ui multi-reference)', () => {
    const [trace] = normalizeJaeger(fixture('jaeger-ui-multi-reference.json'));
    const linked = trace!.spans.find((s) => s.operation === 'linked')!;
    expect(linked.parentId).toBe('0000000000000021');
    expect(linked.links).toEqual([{ traceId: 'f77950feed55c1ce91dd8e87896623a6', spanId: '0000000000000022', type: 'child_of' }]);
  });

  it("reads the UI's {data: trace} shape and merges client/server times (flamegraph-trace.json)", () => {
    const [trace] = normalizeJaeger(fixture('flamegraph-trace.json'));
    expect(trace!.spans).toHaveLength(4);
    const client = trace!.spans.find((s) => s.spanId === 'd81ccf159d71bc66')!;
    const server = trace!.spans.find((s) => s.spanId === '3d4670fa91902216')!;
    expect(client).toMatchObject({ kind: 'client', service: 'load-generator' });
    expect(server).toMatchObject({ kind: 'server', service: 'ride-sharing-app', parentId: 'd81ccf159d71bc66' });
    expect(client.attributes['span.kind']).toBeUndefined();
    expect(server.rpc).toEqual({ cs: 1660049722993018, sr: 1660049722993895, ss: 1660049722993895 + 967066, cr: 1660049722993018 + 968334 });
  });

  it("derives status from otel.status_code and from the evidence, keeping what the span reported when they disagree", () => {
    const span = (spanID: string, tags: { key: string; value: unknown }[]) => ({ traceID: 'a1', spanID, operationName: spanID, startTime: 10, duration: 5, processID: 'p1', tags });
    const [trace] = normalizeJaeger({
      traceID: 'a1',
      processes: { p1: { serviceName: 'gw', tags: [{ key: 'service.version', value: '2.4.1' }] } },
      spans: [
        span('1', [{ key: 'span.kind', value: 'server' }, { key: 'otel.status_code', value: 'OK' }, { key: 'http.status_code', value: 504 }]),
        span('2', [{ key: 'otel.status_code', value: 'ERROR' }, { key: 'otel.status_description', value: 'deadline exceeded' }]),
        span('3', [{ key: 'otel.status_code', value: 'OK' }]),
        span('4', [{ key: 'error', value: false }]),
      ],
    });
    expect(trace!.spans.map((s) => s.status)).toEqual([
      { code: 'error', message: 'HTTP 504', reported: 'ok' },
      { code: 'error', message: 'deadline exceeded' },
      { code: 'ok' },
      { code: 'unset' },
    ]);
    expect(trace!.spans[0]!.attributes).toEqual({ 'http.status_code': '504' });
    expect(trace!.resources[0]!.version).toBe('2.4.1');
  });

  it('shows a client and its server receipts sharing one id (Zipkin-style B3) as rows of their own, work under its own host', () => {
    const process = (service: string, host: string) => ({ serviceName: service, tags: [{ key: 'hostname', value: host }] });
    const span = (spanID: string, processID: string, kind: string, startTime: number, duration: number, parent?: string) => ({
      traceID: 't1', spanID, operationName: `${kind} ${spanID}`, startTime, duration, processID,
      tags: kind === 'local' ? [] : [{ key: 'span.kind', value: kind }],
      references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [],
    });
    const [trace] = normalizeJaeger({
      traceID: 't1',
      processes: { gw: process('gateway', 'gw-1'), l1: process('lock', 'lock-1'), l2: process('lock', 'lock-2') },
      spans: [
        span('aa', 'gw', 'client', 1000, 100),
        span('aa', 'l1', 'server', 1010, 50),
        span('aa', 'l2', 'server', 1020, 60),
        span('b1', 'l1', 'local', 1015, 10, 'aa'),
        span('b2', 'l2', 'local', 1025, 10, 'aa'),
        span('b2', 'l2', 'local', 1025, 10, 'aa'),
      ],
    });
    expect(trace!.spans.map((s) => [s.spanId, s.reportedId, s.parentId, trace!.resources[s.resource]!.host])).toEqual([
      ['aa', undefined, undefined, 'gw-1'],
      ['aa:server', 'aa', 'aa', 'lock-1'],
      ['aa:server2', 'aa', 'aa', 'lock-2'],
      ['b1', undefined, 'aa:server', 'lock-1'],
      ['b2', undefined, 'aa:server2', 'lock-2'],
    ]);
    expect(trace!.spans[1]!.notes).toEqual(['one of 2 server receipts of call aa (from lock-1 (lock), lock-2 (lock)); each is shown as its own row']);
    expect(trace!.spans[0]!.notes).toEqual(['2 servers reported receiving this call (lock-1 (lock), lock-2 (lock)); each is shown as its own row below it']);
    expect(trace!.spans[4]!.notes).toEqual(['reported 2 times under id b2 with identical content; shown once']);
    expect(trace!.warnings).toEqual(['1 span was reported more than once with identical content; each is shown once']);
    expect(trace!.spans[2]!.rpc).toEqual({ cs: 1000, sr: 1020, ss: 1080, cr: 1100 });
  });

  it('marks a span with no duration unfinished', () => {
    const [trace] = normalizeJaeger({ traceID: 'a1', spans: [{ traceID: 'a1', spanID: '1', startTime: 10, processID: 'p' }], processes: { p: { serviceName: 'gw' } } });
    expect(trace!.spans[0]).toMatchObject({ unfinished: true, duration: 0 });
  });

  it('reads the /api/traces envelope with several traces and reports Jaeger errors in words', () => {
    const single = fixture('ui_01.json');
    const traces = normalizeJaeger({ data: [single, fixture('jaeger-ui-multi-reference.json')], total: 0, limit: 0, offset: 0, errors: null });
    expect(traces.map((t) => t.traceId)).toEqual(['0000000000000001', 'f77950feed55c1ce91dd8e87896623a6']);
    expect(() => normalizeJaeger({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })).toThrow(/trace not found/);
    expect(() => normalizeJaeger([1, 2])).toThrow(TraceFormatError);
  });
});
