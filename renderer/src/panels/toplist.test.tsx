import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { panelFor } from './registry';
import { answer, series } from './testdata/fleet-results';
import { buildToplist, formatToplistValue, ToplistOptionsSchema } from './toplist-math';
import { ToplistPanel, ToplistTable } from './ToplistPanel';

/** The Lock fleet dashboard's offline list (services/dashboards/lock-fleet.ts). */
const options = ToplistOptionsSchema.parse({
  columns: ['city', 'lock_id', 'channel'],
  valueTitle: 'Last heartbeat',
  valuePrefix: 'silent',
  unit: 'duration',
  limit: 10,
  minValue: 60,
  warn: 60,
  bad: 300,
  emptyText: 'Every lock sent a heartbeat in the last minute.',
});
const silent = (city: string, lock: string, channel: string, values: (number | null)[]) => series('{}', { city, lock_id: lock, channel }, values);

/*
 * `topk(10, time() - lock_last_seen_timestamp_seconds)` over a range: the set changes step by
 * step. SZ-0007 was in the top at earlier steps only (it reported again), so its samples end
 * before the newest step; a healthy lock 12 s silent is under the 60 s line.
 */
const result = answer([
  silent('shenzhen', 'SZ-0042', 'gprs', [600, 615, 630, 645, 660]),
  silent('shenzhen', 'SZ-0007', 'bluetooth', [3000, 3015, 3030, null, null]),
  silent('shenzhen', 'SZ-0100', 'gprs', [null, null, 60, 75, 90]),
  silent('hangzhou', 'HZ-0001', 'bluetooth', [150, 165, 180, 195, 210]),
  silent('beijing', 'BJ-0003', 'gprs', [9, 12, 3, 6, 12]),
]);

describe('toplist maths', () => {
  it('lists the newest evaluation only, worst first, over the minimum, coloured by the lines', () => {
    const list = buildToplist(result.series, options);
    expect(list.rows.map((r) => [r.labels.join(' '), r.text, r.state])).toEqual([
      ['shenzhen SZ-0042 gprs', 'silent 11 min', 'bad'],
      ['hangzhou HZ-0001 bluetooth', 'silent 3 min', 'warn'],
      ['shenzhen SZ-0100 gprs', 'silent 1 min', 'warn'],
    ]);
    expect(list.more).toBe(0);
  });

  it('bounds the list to its limit and counts the rest; ascending lists colour the small values', () => {
    const list = buildToplist(result.series, { ...options, limit: 2, minValue: undefined });
    expect([list.rows.length, list.more]).toEqual([2, 2]);
    const asc = buildToplist(result.series, { ...options, order: 'asc', minValue: undefined, warn: 10, bad: 5 });
    expect(asc.rows.map((r) => [r.labels[1], r.state])).toEqual([['BJ-0003', 'ok'], ['SZ-0100', 'ok'], ['HZ-0001', 'ok'], ['SZ-0042', 'ok']]);
    expect(buildToplist([series('x', { a: '1' }, [4])], { ...options, order: 'asc', minValue: undefined, warn: 10, bad: 5 }).rows[0]!.state).toBe('bad');
  });

  it('names a series by all its labels when no columns are chosen, and formats durations as ages', () => {
    const plain = ToplistOptionsSchema.parse({ unit: 'percent' });
    expect(buildToplist([series('up', { job: 'api' }, [0.5])], plain).rows[0]!.labels).toEqual(['up{job="api"}']);
    expect(formatToplistValue(7500, 'duration')).toBe('2 h 5 min');
    expect(formatToplistValue(0.25, 'percent')).toBe('25%');
  });
});

describe('ToplistTable', () => {
  it('draws a header per label column and a row per lock, the value’s state in words for screen readers', () => {
    const html = renderToStaticMarkup(<ToplistTable list={buildToplist(result.series, options)} options={options} />);
    expect([...html.matchAll(/<th scope="col"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['city', 'lock_id', 'channel', 'Last heartbeat']);
    expect(html).toContain('<tr data-testid="toplist-row" data-state="bad"><td title="shenzhen">shenzhen</td><td title="SZ-0042">SZ-0042</td><td title="gprs">gprs</td><td class="toplist__num toplist__value--bad">silent 11 min<span class="sr-only"> (bad)</span></td></tr>');
  });

  it('says the list is empty in the dashboard’s words when every lock reports', () => {
    const html = renderToStaticMarkup(<ToplistTable list={buildToplist([silent('x', 'X-1', 'gprs', [5])], options)} options={options} />);
    expect(html).toContain('Every lock sent a heartbeat in the last minute.');
  });

  it('renders hostile label values as text', () => {
    const hostile = answer([silent('<script>alert(1)</script>', 'X"\u202E1', 'gprs', [900])]);
    const html = renderToStaticMarkup(<ToplistTable list={buildToplist(hostile.series, options)} options={options} />);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('data-testid="bidi-mark"');
  });

  it('is the registered component for kind "toplist"', () => {
    expect(panelFor('toplist')).toBe(ToplistPanel);
  });
});
