import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../model/traces';
import { compareTraces } from './compare';
import { normalizeZipkin } from './zipkin';

// Recorded payloads copied from /work/shared/fixtures (zipkin/yelp.json, zipkin/skew.json: openzipkin/zipkin zipkin-lens/testdata).
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));

describe('compareTraces on recorded traces', () => {
  it('finds nothing changed between a trace and itself', () => {
    const yelp = normalizeZipkin(fixture('yelp.json'));
    const result = compareTraces(yelp, yelp);
    expect(result.services.every((r) => r.change === 'same' && r.countDelta === 0 && r.totalDelta === 0)).toBe(true);
    expect(result.services.map((r) => r.service).sort()).toEqual(['mobile_api', 'routing', 'spectre', 'unknown', 'yelp-main', 'yelp_main/api_proxy']);
    expect(result.durationA).toBe(result.durationB);
  });

  it('puts the operation whose time changed most first, with exact deltas', () => {
    const a = normalizeZipkin(fixture('yelp.json'));
    // B: the same request where the mobile_api → spectre 'get' took 3 ms longer and one memcache 'set' was not made.
    const b: Trace = {
      ...a,
      traceId: 'b',
      spans: a.spans
        .filter((s) => s.spanId !== '6a65182ea4f684c3')
        .map((s) => (s.spanId === '7a778764a0d0b594:server' ? { ...s, duration: s.duration + 3000 } : s)),
    };
    const result = compareTraces(a, b);
    expect(result.operations[0]).toEqual({
      service: 'spectre',
      operation: 'get',
      countA: 1,
      countB: 1,
      totalA: 1490,
      totalB: 4490,
      meanA: 1490,
      meanB: 4490,
      countDelta: 0,
      totalDelta: 3000,
      meanDelta: 3000,
      change: 'changed',
    });
    expect(result.operations[1]).toMatchObject({ service: 'mobile_api', operation: 'set mobile_api_nonce', countA: 1, countB: 0, totalDelta: -1026, change: 'removed' });
    expect(result.operations.slice(2).every((r) => r.change === 'same')).toBe(true);
    const mobile = result.services.find((r) => r.service === 'mobile_api');
    expect(mobile).toMatchObject({ countA: 5, countB: 4, totalA: 60832, totalB: 60832 - 1026, countDelta: -1 });
  });

  it('marks services only in one trace as added or removed (skew.json against yelp.json)', () => {
    const result = compareTraces(normalizeZipkin(fixture('skew.json')), normalizeZipkin(fixture('yelp.json')));
    expect(result.services.filter((r) => r.change === 'removed').map((r) => r.service).sort()).toEqual(['servicea', 'serviceb']);
    expect(result.services.find((r) => r.service === 'routing')).toMatchObject({ change: 'added', countA: 0, countB: 1, meanA: 0, meanB: 131848 });
    expect(result.services.some((r) => r.change === 'same' || r.change === 'changed')).toBe(false);
  });
});
