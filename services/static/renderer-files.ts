import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { mimeTypeFor } from '../../shared/page-policy';
import { cacheControlFor } from './cache-policy';
import { etagFor } from './conditional-get';
import { describeError } from '../util/errors';

/**
 * The built renderer as both hosts serve it: the Electron host through its lockstep://
 * protocol, the web host over HTTP. Each host is a thin adapter over this one file, so
 * the path rules below are written (and tested) once.
 */

/** Where a request path leads, before the file system is asked. */
export type RequestPath =
  | { kind: 'inside'; path: string; relativePath: string }
  /** Bad percent-encoding (`/%E0%A4%A`): a client error, not an attack. */
  | { kind: 'undecodable' }
  /** NUL, a backslash, or `..` leading out of the root. */
  | { kind: 'outside' };

export interface RendererFile {
  /** The real path on disk (symlinks resolved). */
  path: string;
  /** As requested, relative to the root, with forward slashes: what the cache policy reads. */
  relativePath: string;
  size: number;
  modifiedMs: number;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export type RendererLookup =
  | { kind: 'file'; file: RendererFile }
  | { kind: 'bad-path' }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'error'; message: string };

/** Longer than any file the bundle has; longer requests are not worth a system call. */
const MAX_PATH_CHARS = 1024;

export const isInside = (root: string, candidate: string): boolean => {
  const rel = relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/**
 * Maps a URL path (still percent-encoded, as `URL.pathname` gives it) to a file under
 * `root`. URL parsers fold plain `..` segments, but percent-encoded ones (`%2e%2e%2f`) and
 * backslashes survive them, so the check runs on the decoded path.
 */
export function classifyRequestPath(root: string, pathname: string): RequestPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'undecodable' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'outside' };
  const wanted = decoded.replace(/^\/+/, '') || 'index.html';
  const candidate = resolve(root, wanted);
  if (!isInside(root, candidate)) return { kind: 'outside' };
  return { kind: 'inside', path: candidate, relativePath: relative(root, candidate).split(sep).join('/') };
}

/** The path under `root`, or null when it cannot be decoded or would escape it. */
export function resolveRequestPath(root: string, pathname: string): string | null {
  const where = classifyRequestPath(root, pathname);
  return where.kind === 'inside' ? where.path : null;
}

/** Dotfiles are never part of a Vite build; an editor's or VCS's leftovers stay private. */
const isHidden = (relativePath: string): boolean => relativePath.split('/').some((segment) => segment.startsWith('.'));

export class RendererFiles {
  readonly root: string;
  private realRoot: string | undefined;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Finds the file a request path names; never throws. Directories and special files are not found. */
  async lookup(pathname: string): Promise<RendererLookup> {
    if (pathname.length > MAX_PATH_CHARS) return { kind: 'not-found' };
    const where = classifyRequestPath(this.root, pathname);
    if (where.kind === 'undecodable') return { kind: 'bad-path' };
    if (where.kind === 'outside') return { kind: 'forbidden' };
    if (isHidden(where.relativePath)) return { kind: 'not-found' };
    try {
      // Resolved on each call until it succeeds: the renderer may be built after the host starts.
      this.realRoot ??= await realpath(this.root);
      const real = await realpath(where.path);
      // A symlink inside the bundle must not lead out of it either.
      if (!isInside(this.realRoot, real)) return { kind: 'forbidden' };
      const info = await stat(real);
      // Only regular files: reading a FIFO or a device would hang or never end.
      if (!info.isFile()) return { kind: 'not-found' };
      return {
        kind: 'file',
        file: {
          path: real,
          relativePath: where.relativePath,
          size: info.size,
          modifiedMs: info.mtimeMs,
          contentType: mimeTypeFor(real),
          cacheControl: cacheControlFor(where.relativePath),
          etag: etagFor(info.size, info.mtimeMs),
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') return { kind: 'not-found' };
      if (code === 'EACCES' || code === 'EPERM') return { kind: 'forbidden' };
      return { kind: 'error', message: describeError(error) };
    }
  }

  /** The whole file, for hosts that answer with one buffer (Electron's protocol handler). */
  read(file: RendererFile) {
    return readFile(file.path);
  }
}
