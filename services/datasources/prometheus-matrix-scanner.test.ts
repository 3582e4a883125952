import { describe, expect, it } from 'vitest';
import { decodeMatrixBytes, PrometheusDecodeError } from './prometheus-decode';
import { createMatrixScanner } from './prometheus-matrix-scanner';
import { seededRandom as seeded } from '../../shared/random';

const scanner = createMatrixScanner();

/** One series whose points carry `times` (JSON number text) and `values` (sample string text), verbatim. */
function answer(points: [string, string][]): Buffer {
  const values = points.map(([t, v]) => `[${t},"${v}"]`).join(',');
  return Buffer.from(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m"},"values":[${values}]}]}}`);
}

function digits(random: () => number, count: number): string {
  let out = String(1 + Math.floor(random() * 9));
  for (let i = 1; i < count; i += 1) out += String(Math.floor(random() * 10));
  return out;
}

/** Sample texts as Go writes them, and as other servers might: each must read exactly as Number() reads it. */
function sampleTexts(): string[] {
  const random = seeded(42);
  const texts = [
    '0', '-0', '1', '-1', '0.1', '0.30000000000000004', '1e-07', '1e+308', '-1e+308', '1.7976931348623157e+308', '5e-324', '2.2250738585072014e-308',
    '9007199254740993', '9007199254740995', '90071992547409930', '0.9007199254740993', '123456789012345678901234', '100000000000000000000',
    '1e21', '1E5', '5.', '.5', '+1.5', '007', '0.000001', '1234567.8901234567', '0.016666666666666666', '99999999999999999', '0.1e-22', '1e-23',
  ];
  for (let i = 0; i < 6000; i += 1) {
    // JavaScript's shortest form of a double is what Go's strconv writes too (up to exponent spelling).
    texts.push(String(random() * 10 ** Math.floor(random() * 30 - 10)));
    texts.push(String(Math.floor(random() * 100_000) / [3, 7, 60, 300][i % 4]!));
    // 16 and 17 significant digits with every point position: the long-mantissa path and its fallback.
    const long = digits(random, 16 + (i % 2));
    const point = i % 18;
    texts.push(point === 0 ? long : `${long.slice(0, long.length - point) || '0'}.${long.slice(long.length - point).padStart(point, '0')}`);
    texts.push(`${digits(random, 1 + (i % 17))}e-${i % 25}`);
  }
  return texts;
}

describe('reading numbers', () => {
  it('reads every sample text exactly as Number() does, −0 and the 17-digit ones included', () => {
    const texts = sampleTexts();
    const body = answer(texts.map((v, i) => [String(1_700_000_000 + i), v]));
    const [series] = scanner.scan(body).series;
    const wrong = texts.flatMap((text, i) => (Object.is(series!.values[i], Number(text)) ? [] : [`${text} → ${series!.values[i]}, Number() says ${Number(text)}`]));
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(series!.values).toHaveLength(texts.length);
  });

  it('reads NaN, +Inf, -Inf and Go\'s other spellings of them, and nothing else that is not a decimal', () => {
    const specials = ['NaN', '+Inf', '-Inf', 'Inf', 'nan', '+inf', '-Infinity', 'infinity'];
    const [series] = scanner.scan(answer(specials.map((v) => ['1', v]))).series;
    expect([...series!.values]).toEqual([NaN, Infinity, -Infinity, Infinity, NaN, Infinity, -Infinity, Infinity]);
    for (const text of ['0x10', ' 1', '1 ', '1_000', '', '.', '+-1', '1e', 'Infinit', '--1']) {
      expect(() => scanner.scan(answer([['1', text]])), text).toThrow(`unexpected sample (series 0, point 0: value ${JSON.stringify(text)} is not a number)`);
    }
  });

  it('reads times as JSON numbers to the millisecond, as JSON.parse and Math.round do', () => {
    const times = ['1700000000', '1700000000.123', '1700000000.1', '1.7e9', '17000000001.5e-1', '0', '-1.5', '0.001', '1795550960.021', '1e3', '1700000000.12345678901'];
    const [series] = scanner.scan(answer(times.map((t) => [t, '1']))).series;
    expect([...series!.times]).toEqual(times.map((t) => Math.round((JSON.parse(t) as number) * 1000)));
  });
});

describe('malformed and cut-off answers', () => {
  const good = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2,"2"]]}]}}';
  const decode = (text: string) => () => decodeMatrixBytes(Buffer.from(text));
  const cut = (after: string) => good.slice(0, good.indexOf(after) + after.length);
  const retry = 'the connection dropped or something in between cut it short: retry, or narrow the query or time range';

  it('reads the intact answer', () => {
    const [series] = decodeMatrixBytes(Buffer.from(good)).series;
    expect([...series!.times, ...series!.values]).toEqual([1000, 2000, 1, 2]);
  });

  it.each([
    ['inside a sample', cut('[2,"2"'), 'data.result[0].values[1]', "',' or ']'"],
    // The last sample read is named: the answer stops right after it.
    ['between samples', cut('[1,"1"]'), 'data.result[0].values[0]', "',' or ']' after a sample"],
    ['between series', cut('"2"]]}'), 'data.result', "',' or ']' between series"],
    ['inside a label value', cut('{"a":"b'), 'data.result[0].metric.a', '\'"\' closing the string'],
    ['inside the envelope', cut('"resultType":"mat'), 'data.resultType', '\'"\' closing the string'],
  ])('says where an answer cut off %s ends and what was expected there', (_where, text, path, expected) => {
    expect(decode(text)).toThrow(PrometheusDecodeError);
    expect(decode(text)).toThrow(`an answer cut off after ${text.length.toLocaleString('en-US')} bytes (in ${path}, where ${expected} was expected); ${retry}`);
  });

  it('counts the bytes of a large cut-off answer with separators', () => {
    const big = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${Array.from({ length: 1000 }, (_, i) => `[${i},"${i}"]`).join(',')}`;
    expect(decode(big)).toThrow(`an answer cut off after ${big.length.toLocaleString('en-US')} bytes (in data.result[0].values[999], where ',' or ']' after a sample was expected); ${retry}`);
    expect(big.length.toLocaleString('en-US')).toMatch(/^\d{1,3},\d{3}$/);
  });

  it.each([
    ['a sample closed by the wrong bracket', good.replace('[1,"1"]', '[1,"1"}'), good.indexOf('[1,"1"]') + 6, 'data.result[0].values[0]', "',' or ']'", "'}'"],
    ['a raw newline in a label', good.replace('"b"', '"b\nc"'), good.indexOf('"b"') + 2, 'data.result[0].metric.a', 'a character allowed in a JSON string (control characters must be escaped)', 'byte 0x0a'],
    ['a bad escape', good.replace('"b"', '"b\\x"'), good.indexOf('"b"') + 3, 'data.result[0].metric.a', 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)', "'x'"],
    ['text after the answer', `${good}x`, good.length, 'the top level', 'nothing after the answer', "'x'"],
    ['a broken literal in a field Lockstep skips', good.replace('"status"', '"stats":{"ok":tru},"status"'), good.indexOf('"status"') + 17, 'stats.ok', "'true'", "'}'"],
    ['a missing colon', good.replace('"a":"b"', '"a" "b"'), good.indexOf('"a":"b"') + 4, 'data.result[0].metric', "':'", "'\"'"],
  ])('says where %s is', (_what, text, at, path, expected, found) => {
    expect(decode(text)).toThrow(`malformed JSON at byte ${at.toLocaleString('en-US')} (in ${path}): expected ${expected} but found ${found}`);
  });

  it.each([
    ['a value that is not a number', good.replace('[2,"2"]', '[2,"lots"]'), 'unexpected sample (series 0, point 1: value "lots" is not a number)'],
    ['a value that is a JSON number', good.replace('[2,"2"]', '[2,2]'), 'unexpected sample (series 0, point 1: time must be a number and value a string)'],
    ['a time that is a string', good.replace('[1,"1"]', '["1","1"]'), 'unexpected sample (series 0, point 0: time must be a number and value a string)'],
    ['a point with three members', good.replace('[1,"1"]', '[1,"1",2]'), 'unexpected sample (series 0, point 0: not a [time, "value"] pair)'],
    ['a time out of range', good.replace('[1,"1"]', '[1e400,"1"]'), 'unexpected sample (series 0, point 0: time Infinity is out of range)'],
    ['an empty answer', '', 'an empty answer where JSON was expected'],
    ['a login page', '<html>login</html>\n<body>', 'something that is not JSON: <html>login</html>'],
  ])('rejects %s in one sentence', (_what, text, message) => {
    expect(decode(text)).toThrow(PrometheusDecodeError);
    expect(decode(text)).toThrow(message);
    expect(() => decodeMatrixBytes(Buffer.from(text))).not.toThrow(/undefined|NaN/);
  });

  it('never returns a series from an answer that breaks later on', () => {
    const broken = good.replace(']]}]}}', ']]},{"metric":{},"values":[[3,"3"]]]}}');
    expect(decode(broken)).toThrow(/^malformed JSON at byte [\d,]+ \(in data\.result\[1\]\): expected ',' or '}' in a series but found '\]'$/);
  });
});
