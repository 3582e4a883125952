import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, CACHE_SHORT, cacheControlFor, isHashedAsset } from './cache-policy';
import { etagFor, isNotModified } from './conditional-get';
import { classifyRequestPath, RendererFiles, resolveRequestPath } from './renderer-files';

describe('request paths under the renderer root', () => {
  it.each([
    ['/', '/srv/r/index.html'],
    ['', '/srv/r/index.html'],
    ['/a/b.js', '/srv/r/a/b.js'],
    ['//', '/srv/r/index.html'],
    ['///x', '/srv/r/x'],
    ['/assets/%61pp.js', '/srv/r/assets/app.js'],
    ['/assets/..%2findex.html', '/srv/r/index.html'],
  ])('maps %j inside the root', (pathname, expected) => {
    expect(resolveRequestPath('/srv/r', pathname)).toBe(expected);
  });

  it.each(['/%E0%A4%A', '/%', '/%zz', '/%E0'])('calls %j undecodable, without throwing', (pathname) => {
    expect(classifyRequestPath('/srv/r', pathname)).toEqual({ kind: 'undecodable' });
  });

  it.each(['/%00', '/index.html%00.js', '/..%2f..%2fetc/passwd', '/%2e%2e/x', '/..%5c..%5cx', '/a\\b', '/assets/%2e%2e%2f%2e%2e%2fsecret'])(
    'refuses %j as outside',
    (pathname) => {
      expect(classifyRequestPath('/srv/r', pathname)).toEqual({ kind: 'outside' });
    },
  );

  it('does not mistake a name starting with two dots for an escape', () => {
    expect(resolveRequestPath('/srv/r', '/..hidden')).toBe('/srv/r/..hidden');
  });
});

describe('the cache policy', () => {
  it.each([
    ['index.html', CACHE_REVALIDATE],
    ['assets/index-Dckp9p-7.js', CACHE_IMMUTABLE],
    ['assets/index-fUSaQc16.css', CACHE_IMMUTABLE],
    ['assets/index-Dckp9p-7.js.map', CACHE_IMMUTABLE],
    // A plain word where a hash would be, a short suffix, a hash outside assets/, a nested file.
    ['assets/app-fallback.js', CACHE_SHORT],
    ['assets/app-1a2b.js', CACHE_SHORT],
    ['index-Dckp9p-7.js', CACHE_SHORT],
    ['assets/fonts/x-Dckp9p-7.woff2', CACHE_SHORT],
    ['favicon.ico', CACHE_SHORT],
  ])('%s → %s', (relativePath, expected) => {
    expect(cacheControlFor(relativePath)).toBe(expected);
  });

  it('recognises only Vite-shaped hashes', () => {
    expect(isHashedAsset('assets/vendor-AbCdEf12.js')).toBe(true);
    expect(isHashedAsset('assets/vendor.js')).toBe(false);
  });
});

describe('conditional GET', () => {
  const etag = etagFor(120, Date.UTC(2030, 0, 1, 12, 0, 0, 500));
  const modified = Date.UTC(2030, 0, 1, 12, 0, 0, 500);

  it('matches the ETag, weak or strong, in a list, or *', () => {
    expect(isNotModified({ ifNoneMatch: etag }, etag, modified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"x", ${etag.replace('W/', '')}` }, etag, modified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, etag, modified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, etag, modified)).toBe(false);
  });

  it('lets If-None-Match decide alone, and compares dates at whole seconds', () => {
    const date = new Date(modified).toUTCString();
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: date }, etag, modified)).toBe(false);
    expect(isNotModified({ ifModifiedSince: date }, etag, modified)).toBe(true);
    expect(isNotModified({ ifModifiedSince: new Date(modified - 5000).toUTCString() }, etag, modified)).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'not a date' }, etag, modified)).toBe(false);
    expect(isNotModified({}, etag, modified)).toBe(false);
  });

  it('changes the ETag with size or time', () => {
    expect(etagFor(1, 1000)).not.toBe(etagFor(2, 1000));
    expect(etagFor(1, 1000)).not.toBe(etagFor(1, 2000));
  });
});

describe('RendererFiles on disk', () => {
  let base: string;
  let root: string;
  let files: RendererFiles;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'lockstep-static-'));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await mkdir(join(root, '.git'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Lockstep</title>');
    await writeFile(join(root, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
    await writeFile(join(root, '.git', 'config'), 'private');
    await writeFile(join(base, 'secret.txt'), 'do not serve');
    await symlink(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
    await symlink(join(root, 'index.html'), join(root, 'assets', 'alias.html'));
    await symlink(join(root, 'loop'), join(root, 'loop'));
    files = new RendererFiles(root);
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('finds index.html for the root with its type, size, validator and cache policy', async () => {
    const found = await files.lookup('/');
    expect(found.kind).toBe('file');
    if (found.kind !== 'file') return;
    expect(found.file.relativePath).toBe('index.html');
    expect(found.file.contentType).toBe('text/html; charset=utf-8');
    expect(found.file.size).toBe(38);
    expect(found.file.cacheControl).toBe(CACHE_REVALIDATE);
    expect(found.file.etag).toBe(etagFor(found.file.size, found.file.modifiedMs));
    expect((await files.read(found.file)).toString()).toContain('<title>Lockstep</title>');
  });

  it('marks hashed bundle files immutable', async () => {
    const found = await files.lookup('/assets/index-AbCd1234.js');
    expect(found.kind === 'file' && found.file.cacheControl).toBe(CACHE_IMMUTABLE);
  });

  it('follows a symlink that stays inside, and refuses one that leads out', async () => {
    expect((await files.lookup('/assets/alias.html')).kind).toBe('file');
    expect(await files.lookup('/assets/escape.txt')).toEqual({ kind: 'forbidden' });
  });

  it.each([
    ['/nope.js', 'not-found'],
    ['/assets', 'not-found'],
    ['/assets/', 'not-found'],
    ['/.git/config', 'not-found'],
    ['/loop', 'not-found'],
    [`/${'a'.repeat(5000)}`, 'not-found'],
    ['/%E0%A4%A', 'bad-path'],
    ['/%00', 'forbidden'],
    ['/..%2f..%2fetc/passwd', 'forbidden'],
  ])('answers %s with %s, never throwing', async (pathname, kind) => {
    expect((await files.lookup(pathname)).kind).toBe(kind);
  });

  it('reports not-found while the renderer is not built, and finds it once it is', async () => {
    const later = join(base, 'later');
    const pending = new RendererFiles(later);
    expect((await pending.lookup('/')).kind).toBe('not-found');
    await mkdir(later);
    await writeFile(join(later, 'index.html'), 'built');
    expect((await pending.lookup('/')).kind).toBe('file');
  });
});
