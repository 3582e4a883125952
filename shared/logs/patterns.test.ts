import { describe, expect, it } from 'vitest';
import { messagePattern } from './patterns';

describe('a message’s pattern', () => {
  it.each([
    ['connection pool exhausted, returning 503 (version 1.19.0)', 'connection pool exhausted, returning <num> (version <num>)'],
    ['unlock handler stalled for 8.2s (version 1.19.0)', 'unlock handler stalled for <num>s (version <num>)'],
    ['user 550e8400-e29b-41d4-a716-446655440000 from 10.0.0.12:8080 got "bad token" at 0xdeadbeef', 'user <uuid> from <ip> got <str> at <hex>'],
    ["lookup 'lock-sha-00123' failed", 'lookup <str> failed'],
    ['trace 4bf92f3577b34da6a3ce929d0e0e4736 lock lock-sha-00123 req_7f3k2 user42 failed 3 times', 'trace <hex> lock <id> <id> <id> failed <num> times'],
    ['peer fe80::1ff:fe23:4567:890a and ::1 refused', 'peer <ip> and <ip> refused'],
    ['cpu at 99% after 20MB', 'cpu at <num>% after <num>MB'],
  ])('%s → %s', (message, pattern) => {
    expect(messagePattern(message)).toBe(pattern);
  });

  it('gives two occurrences of one error the same pattern, and different errors different ones', () => {
    expect(messagePattern('lock lock-sha-00123 did not answer within 8s')).toBe(messagePattern('lock lock-bei-99871 did not answer within 12s'));
    expect(messagePattern('lock lock-sha-00123 did not answer within 8s')).not.toBe(messagePattern('lock lock-sha-00123 jammed'));
  });

  it('leaves words, clock-like text and C++ scopes alone, and folds whitespace', () => {
    expect(messagePattern('Foo::bar   failed\tat  12:30')).toBe('Foo::bar failed at <num>:<num>');
    expect(messagePattern('no route to the shanghai gateway cluster')).toBe('no route to the shanghai gateway cluster');
  });

  it('reads only the first 2,000 characters of a huge line', () => {
    const huge = `boom ${'x'.repeat(5_000)} 42`;
    expect(messagePattern(huge)).toBe(`boom ${'x'.repeat(1_995)}`);
  });
});
