import { describe, expect, it } from 'vitest';
import { formatTraceDeepLink, formatTraceHash, linkableSpanId, parseTraceDeepLink, parseTraceHash } from './trace-link';

describe('trace links', () => {
  it('reads the web route with and without a span, in lower case', () => {
    expect(parseTraceHash('#/trace/4BF92F3577B34DA6A3CE929D0E0E4736?span=00F067AA0BA902B7')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    expect(parseTraceHash('#/trace/abc')).toEqual({ traceId: 'abc' });
  });

  it('refuses hashes that are not exactly a trace route', () => {
    for (const hash of ['#/trace/', '#/trace/xyz', '#/trace/abc/def', '#/trace/abc?span=1&x=2', '#/trace/abc?span=1&span=2', '#/trace/abc?span=<b>', '#/incident/abc', `#/trace/${'a'.repeat(33)}`]) {
      expect(parseTraceHash(hash), hash).toBeUndefined();
    }
  });

  it('reads exactly lockstep://trace/<hex>?span=<hex>', () => {
    expect(parseTraceDeepLink('lockstep://trace/abc123?span=def')).toEqual({ traceId: 'abc123', spanId: 'def' });
    expect(parseTraceDeepLink('lockstep://trace/abc123')).toEqual({ traceId: 'abc123' });
  });

  it('ignores the app pages and anything with more in it', () => {
    for (const raw of [
      'lockstep://app/index.html',
      'lockstep://app/trace/abc',
      'lockstep://trace/abc/../../app/index.html',
      'lockstep://trace/abc#x',
      'lockstep://trace/abc?',
      'lockstep://trace/abc?span=1?span=2',
      'lockstep://user:pw@trace/abc',
      'lockstep://trace:99/abc',
      'lockstep://trace/abc?span=1&load=https://evil.example',
      'lockstep://trace/javascript:alert(1)',
      'https://trace/abc',
      'not a url',
      `lockstep://trace/${'a'.repeat(400)}`,
    ]) {
      expect(parseTraceDeepLink(raw), raw).toBeUndefined();
    }
  });

  it('formats what it parses', () => {
    const link = { traceId: 'abc', spanId: 'de' };
    expect(parseTraceDeepLink(formatTraceDeepLink(link))).toEqual(link);
    expect(parseTraceHash(formatTraceHash(link))).toEqual(link);
    expect(formatTraceDeepLink({ traceId: 'abc' })).toBe('lockstep://trace/abc');
  });

  it('links a span by the id the backend reported', () => {
    expect(linkableSpanId({ spanId: 'abc:server', reportedId: 'abc' })).toBe('abc');
    expect(linkableSpanId({ spanId: 'abc' })).toBe('abc');
    expect(linkableSpanId({ spanId: 'abc:2' })).toBeUndefined();
  });
});
