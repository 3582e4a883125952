import { markOpen } from '../../../shared/incident-file/open-marks';

/**
 * The page's first module (main.tsx) starts the fetch of the incident file the host serves,
 * before the console's own chunk is even downloaded, so the file and the code arrive
 * together. This module must stay tiny and import nothing heavy: shared/api/wire.ts pulls
 * in zod and the whole contract, so the three names it defines are repeated here and
 * host-file-fetch.test.ts pins them to wire.ts and api/token.ts.
 */
export const EARLY_NAMES = {
  openParam: 'open-incident-file',
  tokenParam: 'token',
  tokenStorageKey: 'lockstep.token',
  path: '/api/incident-file',
} as const;

let pending: Promise<Response> | undefined;

interface EarlyEnv {
  href: string;
  storage: Pick<Storage, 'getItem'> | undefined;
  fetch: typeof fetch | undefined;
}

const browserEnv = (): EarlyEnv | undefined =>
  typeof window === 'undefined' ? undefined : { href: window.location.href, storage: safeSessionStorage(), fetch: typeof fetch === 'function' ? fetch.bind(window) : undefined };

/** sessionStorage throws when storage is disabled; the token then comes from the address only. */
function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Begins the fetch when the address asks for the host's file (`?open-incident-file=1`, as
 * `npm run open` prints it). Reads the token before the host client takes it out of the
 * address bar (api/token.ts). Nothing is opened or trusted here: use-host-incident-file.ts
 * checks the answer and the file.
 */
export function startHostFileFetch(env: EarlyEnv | undefined = browserEnv()): void {
  if (!env?.fetch || pending) return;
  const url = new URL(env.href);
  if (!url.searchParams.has(EARLY_NAMES.openParam)) return;
  let token = url.searchParams.get(EARLY_NAMES.tokenParam);
  try {
    token ??= env.storage?.getItem(EARLY_NAMES.tokenStorageKey) ?? null;
  } catch {
    // Storage refused: without a token the host answers 401 and the hook says so.
  }
  markOpen('fetch-start');
  pending = env.fetch(EARLY_NAMES.path, { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  pending.then(
    () => markOpen('fetch-answered'),
    // Seen by the hook; this keeps a failure before the hook runs from being reported as unhandled.
    () => undefined,
  );
}

/** The fetch begun above, handed over once: StrictMode may run the hook's effect twice, and the file opens once. */
export function takeHostFileFetch(): Promise<Response> | undefined {
  const taken = pending;
  pending = undefined;
  return taken;
}
