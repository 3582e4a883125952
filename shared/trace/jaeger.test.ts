import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeJaeger } from './jaeger';
import { TraceFormatError } from './warnings';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));

describe('normalizeJaeger', () => {
  it('reads one trace object with typed tags, logs, duplicate ids and cross-trace references (ui_01.json)', () => {
    const [trace, ...rest] = normalizeJaeger(fixture('ui_01.json'));
    expect(rest).toHaveLength(0);
    expect(trace!.traceId).toBe('0000000000000001');
    const ids = trace!.spans.map((s) => s.spanId);
    expect(ids).toEqual(['2', '2:dup1', '3', '4', '5']);
    const first = trace!.spans[0]!;
    expect(first).toMatchObject({ service: 'service-x', operation: 'test-general-conversion', kind: 'internal' });
    expect(first.logs).toEqual([
      { time: 1485467191639875, fields: { event: 'some-event' } },
      { time: 1485467191639875, fields: { x: 'y' } },
    ]);
    const dup = trace!.spans[1]!;
    expect(dup.tags).toMatchObject({ 'peer.service': 'service-y', 'peer.ipv4': '23456', error: 'true', temperature: '72.5', blob: 'AAAwOQ==' });
    expect(dup.error).toBe(true);
    expect(first.error).toBe(false);
    // CHILD_OF into trace ff is not a parent here; the in-trace CHILD_OF is.
    expect(trace!.spans[3]).toMatchObject({ spanId: '4', parentId: '2', service: 'service-y' });
    expect(trace!.spans[4]!.parentId).toBe('4');
    expect(trace!.warnings).toContain('some trace warning');
    expect(trace!.warnings.some((w) => w.includes('share the id 2'))).toBe(true);
    expect(trace!.warnings.some((w) => w.startsWith('span 4: some span warning'))).toBe(true);
  });

  it("reads the UI's {data: trace} shape and merges client/server times (flamegraph-trace.json)", () => {
    const [trace] = normalizeJaeger(fixture('flamegraph-trace.json'));
    expect(trace!.spans).toHaveLength(4);
    const client = trace!.spans.find((s) => s.spanId === 'd81ccf159d71bc66')!;
    const server = trace!.spans.find((s) => s.spanId === '3d4670fa91902216')!;
    expect(client).toMatchObject({ kind: 'client', service: 'load-generator' });
    expect(server).toMatchObject({ kind: 'server', service: 'ride-sharing-app', parentId: 'd81ccf159d71bc66' });
    expect(client.tags['span.kind']).toBeUndefined();
    expect(server.rpc).toEqual({ cs: 1660049722993018, sr: 1660049722993895, ss: 1660049722993895 + 967066, cr: 1660049722993018 + 968334 });
  });

  it('reads the /api/traces envelope and reports Jaeger errors in words', () => {
    const single = fixture('ui_01.json');
    const traces = normalizeJaeger({ data: [single, single], total: 0, limit: 0, offset: 0, errors: null });
    expect(traces).toHaveLength(2);
    expect(() => normalizeJaeger({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })).toThrow(/trace not found/);
    expect(() => normalizeJaeger([1, 2])).toThrow(TraceFormatError);
  });
});
