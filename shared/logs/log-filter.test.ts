import { describe, expect, it } from 'vitest';
import type { LogLevel, LogLine } from '../model/logs';
import { messagePattern } from './patterns';
import { type LogFilter, NO_FILTER, facetCounts, highlightRanges, isFiltering, lineMatches, lineService, parseLogSearch } from './log-filter';

const l = (level: LogLevel, message: string, service?: string, extra: Partial<LogLine> = {}): LogLine => ({ time: 1, level, message, labels: {}, ...(service ? { service } : {}), ...extra });

const lines = [
  l('error', 'Payment DECLINED for order 7', 'payment-service', { fields: { provider: 'stripe' } }),
  l('info', 'unlock succeeded over ble', 'lock-service'),
  l('warn', 'lock reported a jammed latch', 'lock-service'),
  l('error', 'upstream returned 502', undefined, { labels: { app: 'app-gateway' } }),
];
const run = (filter: Partial<LogFilter>) => lines.filter((line) => lineMatches(line, { ...NO_FILTER, ...filter })).map((line) => line.message);

describe('the search box', () => {
  it('is case-insensitive text, or a /regex/ (case-insensitive too), or says in words why a regex cannot be used', () => {
    expect(parseLogSearch('  ')).toEqual({ kind: 'none' });
    expect(parseLogSearch('DeClined')).toEqual({ kind: 'text', needle: 'declined' });
    const regex = parseLogSearch('/order \\d+/');
    expect(regex.kind).toBe('regex');
    expect(parseLogSearch('/(unclosed/')).toEqual({ kind: 'invalid', message: expect.stringMatching(/^The pattern \/\(unclosed\/ is not a valid regular expression: .+\.$/) });
    expect(parseLogSearch('/(a+)+/')).toEqual({ kind: 'invalid', message: expect.stringContaining('can take exponential time') });
    // A lone slash is text, not an empty regex.
    expect(parseLogSearch('/')).toEqual({ kind: 'text', needle: '/' });
  });

  it('highlights every hit, for text and for a regex', () => {
    expect(highlightRanges('Lock lock LOCK', parseLogSearch('lock'))).toEqual([[0, 4], [5, 9], [10, 14]]);
    expect(highlightRanges('order 7 and order 12', parseLogSearch('/order \\d+/'))).toEqual([[0, 7], [12, 20]]);
    expect(highlightRanges('anything', parseLogSearch(''))).toEqual([]);
  });
});

describe('filtering lines', () => {
  it('by level, by service (from the model or a label), by search over message and fields, all together', () => {
    expect(run({ levels: new Set(['error']) })).toEqual(['Payment DECLINED for order 7', 'upstream returned 502']);
    expect(run({ services: new Set(['lock-service', 'app-gateway']) })).toEqual(['unlock succeeded over ble', 'lock reported a jammed latch', 'upstream returned 502']);
    expect(run({ search: parseLogSearch('declined') })).toEqual(['Payment DECLINED for order 7']);
    expect(run({ search: parseLogSearch('STRIPE') })).toEqual(['Payment DECLINED for order 7']);
    expect(run({ search: parseLogSearch('/^u/') })).toEqual(['unlock succeeded over ble', 'upstream returned 502']);
    expect(run({ levels: new Set(['error', 'warn']), services: new Set(['lock-service']), search: parseLogSearch('latch') })).toEqual(['lock reported a jammed latch']);
    expect(run({ pattern: messagePattern('upstream returned 404') })).toEqual(['upstream returned 502']);
    expect(run({})).toHaveLength(4);
  });

  it('says when it filters, and counts levels and services for the chips', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ ...NO_FILTER, search: parseLogSearch('/(/') })).toBe(false);
    expect(isFiltering({ ...NO_FILTER, levels: new Set(['warn']) })).toBe(true);
    const facets = facetCounts(lines);
    expect(Object.fromEntries(facets.levels)).toEqual({ error: 2, info: 1, warn: 1 });
    expect(Object.fromEntries(facets.services)).toEqual({ 'payment-service': 1, 'lock-service': 2, 'app-gateway': 1 });
    expect(lineService(l('info', 'x'))).toBe('');
  });
});
