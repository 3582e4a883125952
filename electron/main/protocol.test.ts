import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler, installAppProtocol, registerAppScheme, resolveRequestPath } from './protocol';

describe('the lockstep:// protocol handler', () => {
  let base: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'lockstep-protocol-'));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Lockstep</title>');
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'index-AbCd1234.js'), 'console.log(2)');
    await writeFile(join(root, 'assets', 'app.css'), 'body{}');
    await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
    await writeFile(join(root, 'assets', 'blob.xyz'), 'x');
    await writeFile(join(base, 'secret.txt'), 'do not serve');
    await symlink(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
    handler = createAppProtocolHandler(root);
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html for the root with the strict CSP', async () => {
    const response = await get('lockstep://app/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Lockstep</title>');
  });

  it('states every directive the brief requires', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it.each([
    ['assets/app-1a2b.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/blob.xyz', 'application/octet-stream'],
  ])('serves %s as %s', async (file, mime) => {
    const response = await get(`lockstep://app/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(mime);
  });

  it('lets the URL parser fold a leading %2e%2e back inside the root', async () => {
    const response = await get('lockstep://app/%2e%2e/secret.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
  });

  it.each([
    'lockstep://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'lockstep://app/..%5csecret.txt',
    'lockstep://app/%2E%2E%2Fsecret.txt',
    'lockstep://app/index.html%00.js',
  ])('refuses the traversal %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    const response = await get('lockstep://app/assets/escape.txt');
    expect(response.status).toBe(403);
  });

  it('answers 404 for a missing file, a directory and another host', async () => {
    expect((await get('lockstep://app/nope.js')).status).toBe(404);
    expect((await get('lockstep://app/assets')).status).toBe(404);
    expect((await get('lockstep://elsewhere/index.html')).status).toBe(404);
  });

  it('serves HEAD without a body and refuses writes', async () => {
    const head = await get('lockstep://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('lockstep://app/index.html', 'POST')).status).toBe(405);
  });

  it('shares the web host’s caching policy: hashed bundle files are immutable, index.html revalidates', async () => {
    const hashed = await get('lockstep://app/assets/index-AbCd1234.js');
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const index = await get('lockstep://app/');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('etag')).toMatch(/^W\/"/);
  });

  it('answers a badly percent-encoded path with 400 instead of throwing', async () => {
    for (const url of ['lockstep://app/%E0%A4%A', 'lockstep://app/%', 'lockstep://app/assets/%E0']) {
      expect((await get(url)).status).toBe(400);
    }
    expect((await get('lockstep://app/')).status).toBe(200);
  });

  it('keeps resolved paths inside the root', () => {
    expect(resolveRequestPath('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
    expect(resolveRequestPath('/srv/r', '/%2e%2e/x')).toBeNull();
    expect(resolveRequestPath('/srv/r', '/%zz')).toBeNull();
  });

  it('serves a lazily loaded chunk at the URL the entry script imports it from, through the installed handler', async () => {
    // vite.renderer.config.ts splits the console: the entry imports `./TraceView-HASH.js` relative to itself.
    await writeFile(join(root, 'assets', 'TraceView-BSBvQI0Z.js'), 'export const TraceView = 1;');
    await writeFile(join(root, 'assets', 'vendor-CnsZ1jie.css'), '.u-over{}');
    let installed: ((request: Request) => Promise<Response>) | undefined;
    installAppProtocol({ handle: (scheme, handle) => void (scheme === 'lockstep' && (installed = handle)) }, root);
    const entry = 'lockstep://app/assets/index-CpHkuf_Z.js';
    const chunk = await installed!(new Request(new URL('./TraceView-BSBvQI0Z.js', entry)));
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await chunk.text()).toBe('export const TraceView = 1;');
    const style = await installed!(new Request(new URL('./vendor-CnsZ1jie.css', entry)));
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    // A chunk name that climbs out is folded back by the URL parser and finds nothing outside.
    const climbing = await installed!(new Request(new URL('../../../secret.txt', entry)));
    expect(climbing.status).toBe(404);
    expect(await climbing.text()).not.toContain('do not serve');
    // A chunk a rebuild removed is a 404, which the page's lazy view turns into its Reload sentence.
    expect((await installed!(new Request(new URL('./TraceView-Gone1234.js', entry)))).status).toBe(404);
  });

  it('registers the scheme as standard and secure, without CSP bypass', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'lockstep', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });
});
