import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('request targets', () => {
  it.each([
    ['/', '/'],
    ['/a//b', '/a//b'],
    ['/%E0%A4%A', '/%E0%A4%A'],
    ['/a/../b', '/b'],
    ['/\\..\\', '/'],
    ['/api/ws?token=abc', '/api/ws'],
  ])('reads %j as the path %j on this server', (raw, pathname) => {
    const target = parseRequestTarget(raw);
    expect(target?.pathname).toBe(pathname);
    expect(target?.authority).toBeUndefined();
  });

  it('keeps the query', () => {
    expect(parseRequestTarget('/api/ws?token=abc&x=%')?.query.get('token')).toBe('abc');
  });

  it('reads absolute-form with the authority it names', () => {
    expect(parseRequestTarget('http://evil.example/x')).toMatchObject({ pathname: '/x', authority: 'evil.example' });
    expect(parseRequestTarget('HTTP://127.0.0.1:8080/api/health')).toMatchObject({ pathname: '/api/health', authority: '127.0.0.1:8080' });
  });

  it.each([undefined, '', '*', '//', '///x', '//evil.example/x', 'example.com:443', 'x', 'ftp://example.com/', 'http://user:pw@127.0.0.1/', 'http://', `/${'a'.repeat(9000)}`])(
    'refuses %j without throwing',
    (raw) => {
      expect(parseRequestTarget(raw)).toBeNull();
    },
  );
});
