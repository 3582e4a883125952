import { describe, expect, it } from 'vitest';
import type { LogLevel, LogLine } from '../model/logs';
import { groupErrors } from './error-groups';
import { lineService } from './log-filter';

const MIN = 60_000;
const l = (time: number, level: LogLevel, message: string, service = 'lock-service'): LogLine => ({ time, level, message, service, labels: {} });

describe('error lines grouped by pattern', () => {
  const lines = [
    l(0, 'info', 'unlock succeeded over ble'),
    l(1 * MIN, 'error', 'lock lock-sha-00123 did not answer within 8s'),
    l(2 * MIN, 'error', 'lock lock-bei-00991 did not answer within 12s', 'iot-gateway'),
    l(3 * MIN, 'warn', 'lock reported a jammed latch'),
    l(4 * MIN, 'error', 'lock lock-sha-00777 did not answer within 9s'),
    l(28 * MIN, 'error', 'connection pool exhausted, returning 503 (version 1.19.0)'),
    l(29 * MIN, 'error', 'connection pool exhausted, returning 503 (version 1.19.0)'),
  ];

  it('counts each pattern with first and last seen and its services, newest activity first', () => {
    const groups = groupErrors(lines, { includeWarn: false, serviceOf: lineService });
    expect(groups.map((g) => ({ pattern: g.pattern, count: g.count, first: g.firstSeen, last: g.lastSeen, services: g.services, example: g.example.message, isNew: g.isNew }))).toEqual([
      { pattern: 'connection pool exhausted, returning <num> (version <num>)', count: 2, first: 28 * MIN, last: 29 * MIN, services: ['lock-service'], example: 'connection pool exhausted, returning 503 (version 1.19.0)', isNew: true },
      { pattern: 'lock <id> did not answer within <num>s', count: 3, first: 1 * MIN, last: 4 * MIN, services: ['lock-service', 'iot-gateway'], example: 'lock lock-sha-00777 did not answer within 9s', isNew: false },
    ]);
  });

  it('takes warnings in only when asked, and an error among them makes the group an error', () => {
    const withWarn = groupErrors([...lines, l(5 * MIN, 'error', 'lock reported a jammed latch')], { includeWarn: true, serviceOf: lineService });
    const latch = withWarn.find((g) => g.pattern === 'lock reported a jammed latch')!;
    expect({ count: latch.count, level: latch.level }).toEqual({ count: 2, level: 'error' });
    expect(groupErrors(lines, { includeWarn: false, serviceOf: lineService }).some((g) => g.pattern.includes('jammed'))).toBe(false);
  });

  it('calls nothing new when the window holds no lines older than the last few minutes', () => {
    const recent = [l(0, 'error', 'boom 1'), l(2 * MIN, 'error', 'other failure 7')];
    expect(groupErrors(recent, { includeWarn: false, serviceOf: lineService }).map((g) => g.isNew)).toEqual([false, false]);
    // With a longer baseline the same second pattern is new, and a custom window moves the line.
    const withBaseline = [l(-30 * MIN, 'info', 'started'), ...recent];
    expect(groupErrors(withBaseline, { includeWarn: false, serviceOf: lineService }).map((g) => [g.pattern, g.isNew])).toEqual([
      ['other failure <num>', true],
      ['boom <num>', true],
    ]);
    expect(groupErrors(withBaseline, { includeWarn: false, newWithinMs: 1 * MIN, serviceOf: lineService }).map((g) => g.isNew)).toEqual([true, false]);
  });
});
