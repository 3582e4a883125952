import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, webContentSecurityPolicy } from './page-policy';

const connectSrc = (policy: string) => policy.split('; ').find((d) => d.startsWith('connect-src '));

describe('the web host’s content security policy', () => {
  it('lets the page connect only to its own origin and its own WebSocket', () => {
    expect(connectSrc(webContentSecurityPolicy('127.0.0.1:41237'))).toBe("connect-src 'self' ws://127.0.0.1:41237");
    expect(connectSrc(webContentSecurityPolicy('LOCALHOST:8080'))).toBe("connect-src 'self' ws://localhost:8080");
    expect(connectSrc(webContentSecurityPolicy('[::1]:8080'))).toBe("connect-src 'self' ws://[::1]:8080");
  });

  it.each([undefined, '', 'evil.example', '127.0.0.1:80; script-src *', '127.0.0.1:80 ws:', 'a b:1', 'host:123456'])(
    'names no WebSocket source for %j, and never a bare scheme',
    (host) => {
      const policy = webContentSecurityPolicy(host);
      expect(connectSrc(policy)).toBe("connect-src 'self'");
      expect(policy).not.toMatch(/\bwss?:(?!\/\/)/);
      expect(policy.split('; ').filter((d) => d.startsWith('script-src'))).toEqual(["script-src 'self'"]);
    },
  );

  it('keeps every other directive the desktop page has', () => {
    const web = webContentSecurityPolicy('127.0.0.1:1').split('; ').filter((d) => !d.startsWith('connect-src'));
    const desktop = contentSecurityPolicy(["'self'"]).split('; ').filter((d) => !d.startsWith('connect-src'));
    expect(web).toEqual(desktop);
  });
});

describe('the policy built into the page', () => {
  it('names no scheme-wide WebSocket source either (both policies apply; neither may be loose)', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(connectSrc(meta!)).toBe("connect-src 'self'");
  });
});
