import { describe, expect, it } from 'vitest';
import type { Span } from '../../../shared/model/traces';
import { rpcSegments, rpcSummary } from './rpc-segments';
import { parentLine, statusLine } from './span-words';
import { rowSlots, visibleRange } from './visible-rows';

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan, whatever the row count', () => {
    expect(visibleRange(0, 600, 24, 100_000)).toEqual({ first: 0, last: 33 });
    expect(visibleRange(24 * 50_000, 600, 24, 100_000)).toEqual({ first: 49_992, last: 50_033 });
    expect(visibleRange(24 * 99_990, 600, 24, 100_000).last).toBe(99_999);
    expect(visibleRange(0, 600, 24, 0)).toEqual({ first: 0, last: -1 });
  });
});

describe('rpcSegments', () => {
  const span = (rpc: Span['rpc']): Span => ({ spanId: 's', service: 'x', operation: 'y', kind: 'server', resource: 0, start: 1100, duration: 500, attributes: {}, events: [], status: { code: 'unset' }, rpc });

  it('places network out, server and network back on the trace axis', () => {
    expect(rpcSegments(span({ cs: 1050, sr: 1100, ss: 1600, cr: 1700 }), 1000)).toEqual([
      { kind: 'network-out', from: 50, to: 100 },
      { kind: 'server', from: 100, to: 600 },
      { kind: 'network-back', from: 600, to: 700 },
    ]);
  });

  it('draws only parts whose two moments are known', () => {
    expect(rpcSegments(span({ sr: 1100, ss: 1600 }), 1000).map((s) => s.kind)).toEqual(['server']);
    expect(rpcSegments(span(undefined), 1000)).toEqual([]);
  });

  it('summarises the derived numbers', () => {
    expect(rpcSummary({ networkOut: 50, server: 500, networkBack: 100, clientTotal: 650 })).toEqual([
      'network out (SR−CS) 50 µs',
      'server (SS−SR) 500 µs',
      'network back (CR−SS) 100 µs',
      'client saw (CR−CS) 650 µs',
    ]);
  });
});

describe('span words', () => {
  const span = (extra: Partial<Span>): Span => ({ spanId: 's', service: 'lock', operation: 'unlock', kind: 'server', resource: 0, start: 0, duration: 1, attributes: {}, events: [], status: { code: 'unset' }, ...extra });

  it('says the status with its reason and what the span itself reported', () => {
    expect(statusLine({ code: 'error', message: 'HTTP 504', reported: 'ok' })).toBe('error: HTTP 504 (the span reported ok)');
    expect(statusLine({ code: 'ok' })).toBe('ok');
    expect(statusLine({ code: 'unset' })).toBe('unset');
  });

  it('names a server half\'s parent as the client half, never as its own id', () => {
    const client = span({ spanId: 'ab12', kind: 'client', service: 'gateway', operation: 'post /unlock' });
    const server = span({ spanId: 'ab12:server', reportedId: 'ab12', parentId: 'ab12' });
    expect(parentLine(server, client)).toBe('the client half of this call in gateway ("post /unlock"), which reported the same span id');
    expect(parentLine(span({ parentId: 'cd34' }), span({ spanId: 'cd34', service: 'ride', operation: 'start' }))).toBe('cd34 · ride "start"');
    expect(parentLine(span({ parentId: 'ff' }), undefined)).toBe('ff (not in this trace)');
  });

  it('marks a clamped RPC part in the summary', () => {
    expect(rpcSummary({ networkOut: 0, server: 50, networkBack: 0, clientTotal: 40, clamped: ['networkBack'] })).toEqual([
      'network out (SR−CS) 0 µs',
      'server (SS−SR) 50 µs',
      'network back (CR−SS) 0 µs (clocks disagree)',
      'client saw (CR−CS) 40 µs',
    ]);
  });
});

describe('rowSlots', () => {
  it('gives every row of any visible range its own slot, and a row keeps its slot while it stays in view', () => {
    for (const [viewport, rowHeight] of [[600, 24], [1000, 34], [37, 24], [1, 24]] as const) {
      const slots = rowSlots(viewport, rowHeight);
      let previous = new Map<number, number>();
      for (let top = 0; top < rowHeight * 400; top += 7) {
        const { first, last } = visibleRange(top, viewport, rowHeight, 100_000);
        const keys = new Map<number, number>();
        for (let i = first; i <= last; i += 1) keys.set(i % slots, i);
        expect(keys.size).toBe(last - first + 1);
        for (const [key, row] of keys) if (previous.has(row)) expect(previous.get(row)).toBe(key);
        previous = new Map([...keys].map(([key, row]) => [row, key]));
      }
    }
    expect(rowSlots(600, 24)).toBe(43);
  });
});
