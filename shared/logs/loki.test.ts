import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLokiMatrix, decodeLokiQueryRange, decodeLokiTailFrame, labelSetText } from './loki';
import { LokiLabelsSchema, LokiQueryRangeSchema, LokiTailFrameSchema } from './loki-schemas';

const recorded = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/logs/loki/${name}`, import.meta.url), 'utf8'));
const tailFrame = (name: string) => LokiTailFrameSchema.parse(recorded(name));

describe('Loki query_range (recorded doc examples)', () => {
  it('streams: every entry a line, newest first, ns kept as the string Loki sent', () => {
    const answer = decodeLokiQueryRange(LokiQueryRangeSchema.parse(recorded('query_range_streams.json')).data);
    expect(answer).toEqual({
      kind: 'lines',
      lines: [
        { time: 1569266497240, nanos: '1569266497240578000', level: 'info', message: 'foo', service: 'varlogs', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' } },
        { time: 1569266492548, nanos: '1569266492548155000', level: 'info', message: 'bar', service: 'varlogs', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' } },
      ],
    });
  });

  it('matrix: a metric query becomes series of counts, seconds to ms, one per label set', () => {
    const answer = decodeLokiQueryRange(LokiQueryRangeSchema.parse(recorded('query_range_matrix.json')).data);
    expect(answer).toEqual({
      kind: 'series',
      series: [
        { name: '{level="info"}', labels: { level: 'info' }, times: [1588889221000, 1588889221000, 1588889221000], values: [137.95, 467.115, 658.8516666666667] },
        { name: '{level="warn"}', labels: { level: 'warn' }, times: [1588889221000, 1588889221000, 1588889221000], values: [137.27833333333334, 467.69, 660.6933333333334] },
      ],
    });
  });

  it('a NaN sample is a gap, not a zero', () => {
    expect(decodeLokiMatrix({ resultType: 'matrix', result: [{ metric: {}, values: [[1, 'NaN'], [2, '3']] }] })[0]).toEqual({ name: '{}', labels: {}, times: [1000, 2000], values: [null, 3] });
  });

  it('labels and label values: the recorded answers parse to their lists', () => {
    expect(LokiLabelsSchema.parse(recorded('labels.json')).data).toEqual(['foo', 'bar', 'baz']);
    expect(LokiLabelsSchema.parse(recorded('label_values.json')).data).toEqual(['cat', 'dog', 'axolotl']);
  });
});

describe('Loki tail frames (recorded from marshal_test.go)', () => {
  it('the exact frame bytes: one line, one dropped entry', () => {
    const { entries, dropped } = decodeLokiTailFrame(tailFrame('tail_ws_message.json'));
    expect(entries.map((e) => e.line)).toEqual([{ time: 0, nanos: '1', level: 'unknown', message: 'foobar', service: 'foo', labels: { app: 'foo' } }]);
    expect(dropped).toBe(1);
  });

  it('two entries oldest first, and the dropped entry counted', () => {
    const { entries, dropped } = decodeLokiTailFrame(tailFrame('tail_message.json'));
    expect(entries.map((e) => e.line)).toEqual([
      { time: 123456789, nanos: '123456789012345', level: 'unknown', message: 'super line', labels: { test: 'test' } },
      { time: 123456789, nanos: '123456789012346', level: 'unknown', message: 'super line with labels', labels: { test: 'test' } },
    ]);
    expect(dropped).toBe(1);
    expect(new Set(entries.map((e) => e.key)).size).toBe(2);
  });

  it('categorize-labels: the third element’s structured metadata and parsed labels become fields, stream labels stay labels', () => {
    const { entries } = decodeLokiTailFrame(tailFrame('tail_message_categorize_labels.json'));
    expect(entries.map((e) => e.line)).toEqual([
      { time: 123456789, nanos: '123456789012345', level: 'unknown', message: 'super line', labels: { test: 'test' } },
      { time: 123456789, nanos: '123456789012346', level: 'unknown', message: 'super line with labels', labels: { test: 'test' }, fields: { foo: 'a', bar: 'b' } },
      { time: 123456789, nanos: '123456789012347', level: 'unknown', message: 'super line with labels msg=text', labels: { test: 'test' }, fields: { foo: 'a', bar: 'b', msg: 'text' } },
    ]);
  });

  it('a frame without dropped_entries (the usual case) drops nothing', () => {
    expect(decodeLokiTailFrame(LokiTailFrameSchema.parse({ streams: [] })).dropped).toBe(0);
  });

  it('keys tell entries apart by stream, time and text, and are equal for the same entry sent twice', () => {
    const frame = { streams: [{ stream: { a: '1' }, values: [['5', 'x'], ['5', 'y']] }, { stream: { a: '2' }, values: [['5', 'x']] }] };
    const once = decodeLokiTailFrame(LokiTailFrameSchema.parse(frame)).entries.map((e) => e.key);
    const again = decodeLokiTailFrame(LokiTailFrameSchema.parse(frame)).entries.map((e) => e.key);
    expect(new Set(once).size).toBe(3);
    expect(again).toEqual(once);
  });
});

describe('Loki entries: level, ids and fields', () => {
  const decode = (stream: Record<string, string>, values: unknown[][]) =>
    decodeLokiTailFrame(LokiTailFrameSchema.parse({ streams: [{ stream, values }] })).entries.map((e) => e.line);

  it('reads level and trace id from JSON lines, logfmt pairs, detected_level and OTel structured metadata', () => {
    const [json] = decode({ app: 'lock-service' }, [['1700000000000000001', '{"level":"ERROR","msg":"unlock timeout","trace_id":"ABCDEF0123456789"}']]);
    const [logfmt] = decode({ app: 'ride-service', detected_level: 'warn' }, [['1700000000000000002', 'level=warn msg="slow" traceID=0123456789abcdef spanID=00f067aa0ba902b7']]);
    const [otel] = decode({ service_name: 'checkout' }, [['1700000000000000003', 'payment failed', { structuredMetadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', severity_text: 'ERROR', level: 'error' } }]]);
    const [plain] = decode({ app: 'x' }, [['1700000000000000000', 'plain text, trace_id=not-hex']]);
    expect(json).toMatchObject({ level: 'error', message: 'unlock timeout', traceId: 'abcdef0123456789', service: 'lock-service' });
    expect(logfmt).toMatchObject({ level: 'warn', traceId: '0123456789abcdef', spanId: '00f067aa0ba902b7', service: 'ride-service' });
    expect(otel).toMatchObject({ level: 'error', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', service: 'checkout' });
    expect(plain).toEqual({ time: 1700000000000, nanos: '1700000000000000000', level: 'unknown', message: 'plain text, trace_id=not-hex', service: 'x', labels: { app: 'x' } });
  });

  it('shows a JSON line by its own message and keeps its other fields, like `| json`', () => {
    const [line] = decode({ service: 'lock-service', level: 'error' }, [['1700000000000000000', '{"ts":"x","level":"error","msg":"unlock timed out","traceId":"abc123","city":"chengdu","durationMs":8000}']]);
    expect(line).toEqual({
      time: 1700000000000,
      nanos: '1700000000000000000',
      level: 'error',
      message: 'unlock timed out',
      service: 'lock-service',
      traceId: 'abc123',
      labels: { service: 'lock-service', level: 'error' },
      fields: { city: 'chengdu', durationMs: '8000' },
    });
  });

  it('leaves out an entry whose timestamp is not a nanosecond epoch', () => {
    expect(decode({ a: 'b' }, [['1.5', 'x'], ['2024-01-01T00:00:00Z', 'y'], ['7', 'z']]).map((l) => l.message)).toEqual(['z']);
  });

  it('prints a label set as Loki does, sorted', () => {
    expect(labelSetText({ b: '2', a: 'x"y' })).toBe('{a="x\\"y", b="2"}');
  });
});
