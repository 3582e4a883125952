import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../../../shared/model/trace-search';
import { buildSearchRequest, emptyForm, nextSort, parseDurationUs, parseLookbackMs, parseTags, sortResults } from './search-form';
import { shareableTraceLink } from './copy-link';

describe('search form parsing', () => {
  it('reads durations with units, a bare number as ms', () => {
    expect(parseDurationUs('250ms')).toBe(250_000);
    expect(parseDurationUs('1.5s')).toBe(1_500_000);
    expect(parseDurationUs('300us')).toBe(300);
    expect(parseDurationUs(' 2m ')).toBe(120_000_000);
    expect(parseDurationUs('40')).toBe(40_000);
    expect(parseDurationUs('fast')).toBeUndefined();
    expect(parseDurationUs('-1s')).toBeUndefined();
    expect(parseDurationUs('')).toBeUndefined();
  });

  it('reads lookbacks', () => {
    expect(parseLookbackMs('15m')).toBe(900_000);
    expect(parseLookbackMs('2d')).toBe(172_800_000);
    expect(parseLookbackMs('1w')).toBe(604_800_000);
    expect(parseLookbackMs('5')).toBeUndefined();
  });

  it('reads tags with quoted values and bare keys', () => {
    expect(parseTags('http.status_code=500 error "user id"="a b" peer=')).toEqual({ tags: { 'http.status_code': '500', error: '', 'user id': 'a b', peer: '' } });
    expect(parseTags('  ')).toEqual({ tags: {} });
    expect(parseTags('a="unclosed')).toEqual({ error: 'The tags could not be read at ""unclosed": write key=value pairs separated by spaces, with "quotes" around a value that has spaces.' });
  });

  it('builds the request, or says which field is wrong', () => {
    const form = { ...emptyForm(), service: 'payments', minDuration: '250ms', maxDuration: '2s', tags: 'error=true', lookback: '6h', limit: '50' };
    expect(buildSearchRequest(form, 1_000_000_000)).toEqual({
      request: { service: 'payments', tags: { error: 'true' }, minDurationUs: 250_000, maxDurationUs: 2_000_000, end: 1_000_000_000, lookbackMs: 21_600_000, limit: 50, sort: 'recent' },
    });
    expect(buildSearchRequest({ ...form, minDuration: '3s' }, 1)).toEqual({ error: 'The minimum duration is above the maximum: no trace can match.' });
    expect(buildSearchRequest({ ...form, minDuration: '-3s' }, 1)).toEqual({ error: 'The minimum duration "-3s" is not a duration: write e.g. 250ms, 1.5s or 300us.' });
    expect(buildSearchRequest({ ...form, maxDuration: '0s' }, 1)).toEqual({ error: 'The maximum duration "0s" is not a duration above zero: write e.g. 2s.' });
    expect(buildSearchRequest({ ...form, lookback: 'custom', customLookback: '90m' }, 1)).toMatchObject({ request: { lookbackMs: 5_400_000 } });
    expect(buildSearchRequest({ ...form, lookback: 'custom', customLookback: '31d' }, 1)).toEqual({ error: 'The lookback is at most 30 days.' });
    expect(buildSearchRequest({ ...form, limit: '0' }, 1)).toEqual({ error: 'The limit "0" must be a whole number from 1 to 1000.' });
  });
});

const summary = (traceId: string, start: number, duration: number, spanCount: number, errorCount: number, rootService = 'a'): TraceSummary => ({
  traceId,
  start,
  duration,
  spanCount,
  errorCount,
  rootService,
  rootOperation: 'op',
  services: [{ name: rootService }],
});

describe('sorting results', () => {
  const list = [summary('1', 100, 50, 3, 0, 'b'), summary('2', 300, 10, 9, 2, 'a'), summary('3', 200, 90, 1, 1, 'c')];
  it('sorts by each column both ways', () => {
    expect(sortResults(list, { column: 'duration', descending: true }).map((t) => t.traceId)).toEqual(['3', '1', '2']);
    expect(sortResults(list, { column: 'duration', descending: false }).map((t) => t.traceId)).toEqual(['2', '1', '3']);
    expect(sortResults(list, { column: 'start', descending: true }).map((t) => t.traceId)).toEqual(['2', '3', '1']);
    expect(sortResults(list, { column: 'spans', descending: true }).map((t) => t.traceId)).toEqual(['2', '1', '3']);
    expect(sortResults(list, { column: 'errors', descending: true }).map((t) => t.traceId)).toEqual(['2', '3', '1']);
    expect(sortResults(list, { column: 'root', descending: false }).map((t) => t.traceId)).toEqual(['2', '1', '3']);
  });
  it('starts a new column in its useful direction and flips the same one', () => {
    expect(nextSort({ column: 'start', descending: true }, 'duration')).toEqual({ column: 'duration', descending: true });
    expect(nextSort({ column: 'duration', descending: true }, 'duration')).toEqual({ column: 'duration', descending: false });
    expect(nextSort({ column: 'start', descending: true }, 'root')).toEqual({ column: 'root', descending: false });
  });
});

describe('shareable trace links', () => {
  const link = { traceId: 'ab12', spanId: 'cd34' };
  it('puts the viewer credential in a viewer’s link, never an operator’s', () => {
    expect(shareableTraceLink(link, { host: 'web', role: 'viewer', pageUrl: 'http://10.0.0.5:41237/?wall=1', storedToken: 'viewer-token-1' })).toBe('http://10.0.0.5:41237/?token=viewer-token-1#/trace/ab12?span=cd34');
    expect(shareableTraceLink(link, { host: 'web', role: 'operator', pageUrl: 'http://10.0.0.5:41237/', storedToken: 'operator-secret' })).toBe('http://10.0.0.5:41237/#/trace/ab12?span=cd34');
  });
  it('uses the lockstep scheme on the desktop', () => {
    expect(shareableTraceLink(link, { host: 'electron', role: undefined, pageUrl: 'lockstep://app/index.html', storedToken: undefined })).toBe('lockstep://trace/ab12?span=cd34');
  });
});
