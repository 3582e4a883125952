import { open } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { MAX_INCIDENT_FILE_BYTES } from '../../shared/api/bundle';

/** What a double-clicked file may be called: the association covers exactly these (forge.config.ts). */
export const ASSOCIATED_EXTENSIONS = ['.lockstep', '.lockstep.json'] as const;

/** The subset of Electron's `app` this module uses. */
export interface OpenFileApp {
  on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
}

export interface OpenedIncidentFile {
  name: string;
  bytes: Uint8Array;
}

export interface IncidentFileOpeningOptions {
  app: OpenFileApp;
  /** This process's argv: Windows and Linux pass a double-clicked file here on first launch. */
  argv: readonly string[];
  cwd: string;
  /** Hands the file to the window (main.ts: over the preload's incident-file channel). */
  deliver(file: OpenedIncidentFile): void;
  /** One sentence for the person: a file that could not be opened (main.ts shows it in a dialog). */
  fail(sentence: string): void;
  log(message: string): void;
  limit?: number;
}

export interface IncidentFileOpening {
  /** The window is ready: a file that arrived before it opens now, later ones straight away. */
  attach(): void;
}

const MB = 1_000_000;

/** A path the OS gave for a double-click: one of ours by its extension, never a command-line flag. */
export function associatedPath(arg: string): boolean {
  const lower = arg.toLowerCase();
  return !arg.startsWith('-') && !lower.includes('://') && ASSOCIATED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Reads an incident file in the main process: a regular file, no larger than any incident
 * file may be — checked on the open handle before a byte is read, and the read bounded
 * by it. Throws one sentence naming the file.
 */
export async function readIncidentFile(path: string, limit = MAX_INCIDENT_FILE_BYTES): Promise<OpenedIncidentFile> {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`Lockstep could not open ${name}: ${code === 'ENOENT' ? 'the file is not there any more' : code === 'EACCES' ? 'you may not read it' : `the system said ${code ?? String(error)}`}.`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`Lockstep could not open ${name}: it is not a regular file.`);
    if (stat.size > limit) throw new Error(`${name} is ${Math.ceil(stat.size / MB)} MB; Lockstep opens incident files up to ${limit / MB} MB, so it was not read.`);
    const bytes = new Uint8Array(stat.size);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return { name, bytes: bytes.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

/**
 * Double-clicking an incident file (the association in forge.config.ts) opens it for
 * offline review. macOS sends `open-file` (also before the app is ready, so it is listened
 * for at once); Windows and Linux start the app with the path in argv, or — when it is
 * already running — a second instance whose argv the single-instance lock forwards here.
 * Only paths with our extensions are taken; each is read here, in main, under the size
 * limit, and only its name and bytes reach the window.
 */
export function installIncidentFileOpening(options: IncidentFileOpeningOptions): IncidentFileOpening {
  let attached = false;
  let pending: OpenedIncidentFile | undefined;

  const openPath = (raw: string, cwd: string) => {
    const path = isAbsolute(raw) ? raw : resolve(cwd, raw);
    readIncidentFile(path, options.limit)
      .then((file) => {
        if (attached) options.deliver(file);
        else pending = file;
      })
      .catch((error: unknown) => {
        const sentence = error instanceof Error ? error.message : String(error);
        options.log(sentence);
        options.fail(sentence);
      });
  };
  const fromArgv = (argv: readonly string[], cwd: string) => {
    const path = argv.find((arg) => typeof arg === 'string' && associatedPath(arg));
    if (path !== undefined) openPath(path, cwd);
  };

  options.app.on('open-file', (event, path) => {
    event.preventDefault();
    if (typeof path === 'string') openPath(path, options.cwd);
  });
  options.app.on('second-instance', (_event, argv, workingDirectory) =>
    fromArgv(Array.isArray(argv) ? argv.slice(1) : [], typeof workingDirectory === 'string' ? workingDirectory : options.cwd),
  );
  fromArgv(options.argv.slice(1), options.cwd);

  return {
    attach() {
      attached = true;
      if (pending) options.deliver(pending);
      pending = undefined;
    },
  };
}
