import { resolve } from 'node:path';
import { TRACE_LINK_SCHEME, formatTraceHash, parseTraceDeepLink } from '../../shared/trace/trace-link';

/** The subset of Electron's `app` this module uses. */
export interface DeepLinkApp {
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

export interface DeepLinkOptions {
  app: DeepLinkApp;
  /** This process's own argv: on Windows and Linux a first launch from a link gets it here. */
  argv: readonly string[];
  /** Electron's `process.defaultApp`: run as `electron path/to/main`, so the OS must be told that path too. */
  defaultApp: boolean;
  execPath: string;
  /** Brings the window forward and routes it to the hash (main.ts: setRendererHash, the path notifications use). */
  show(hash: string): void;
  log(message: string): void;
}

export interface TraceDeepLinks {
  /** The window is ready: links that arrived before it are shown now, later ones straight away. */
  attach(): void;
}

/**
 * `lockstep://trace/<id>?span=<id>` opens that trace in the window. The app registers as the
 * scheme's handler; macOS delivers a link with `open-url`, Windows and Linux start a second
 * instance with it in argv (the single-instance lock sends that here as `second-instance`).
 * A link is parsed strictly (shared/trace/trace-link.ts) and only ever becomes a route hash,
 * never a URL the window loads: `lockstep://app/…` stays the app's pages
 * (electron/main/protocol.ts), and anything else is ignored with a log line.
 */
export function installTraceDeepLinks(options: DeepLinkOptions): TraceDeepLinks {
  const { app, log } = options;
  let attached = false;
  let pending: string | undefined;

  const registered = options.defaultApp
    ? app.setAsDefaultProtocolClient(TRACE_LINK_SCHEME, options.execPath, options.argv[1] ? [resolve(options.argv[1])] : [])
    : app.setAsDefaultProtocolClient(TRACE_LINK_SCHEME);
  if (!registered) log(`Could not register as the handler of ${TRACE_LINK_SCHEME}:// links; trace links will not open this app.`);

  const follow = (raw: string) => {
    const link = parseTraceDeepLink(raw);
    if (!link) {
      log(`Ignored a ${TRACE_LINK_SCHEME}:// link that is not lockstep://trace/<hex id>?span=<hex id>: ${JSON.stringify(raw.slice(0, 200))}`);
      return;
    }
    const hash = formatTraceHash(link);
    if (attached) options.show(hash);
    else pending = hash;
  };
  const fromArgv = (argv: readonly string[]) => {
    const raw = argv.find((arg) => arg.toLowerCase().startsWith(`${TRACE_LINK_SCHEME}://`));
    if (raw !== undefined) follow(raw);
  };

  app.on('open-url', (event, url) => {
    event.preventDefault();
    follow(url);
  });
  app.on('second-instance', (_event, argv) => fromArgv(Array.isArray(argv) ? argv.filter((a): a is string => typeof a === 'string') : []));
  fromArgv(options.argv.slice(1));

  return {
    attach() {
      attached = true;
      if (pending !== undefined) options.show(pending);
      pending = undefined;
    },
  };
}
