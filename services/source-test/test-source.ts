import { type Dashboard, LockstepApiError, type TestSourceResult } from '../../shared';
import { validateSourceConfig } from '../config/source-catalog';
import type { SourceConfig } from '../config/sources';
import { baseUrl } from '../datasources/endpoint-url';
import { createDataSource, type EmbeddedSourceFactory } from '../datasources/registry';
import type { DataSource } from '../datasources/types';
import { classifySourceError } from '../http/classify-error';
import { sourceHttp } from '../http/source-http';
import { createSourceTransport, type SourceTransport } from '../http/source-transport';
import type { CredentialReader } from '../settings/credentials';
import { describeError } from '../util/errors';
import { DEFAULT_PORTS, identifyProduct } from './identify-product';
import { type CheckContext, KIND_CHECKS, NotThatProduct, type Outcome, PRODUCT_OF } from './kind-checks';

export interface TestSourceDeps {
  credentials?: CredentialReader;
  embedded?: EmbeddedSourceFactory;
  /** The dashboard whose recorded series a metrics source must have. */
  dashboard: Dashboard;
  now?: () => number;
  /** The whole test's limit (30 s): a person is waiting on the button. */
  limitMs?: number;
}

/** Failures that mean "something answered, but not the API expected there": worth asking what it is. */
const WRONG_PLACE = new Set(['not_found', 'http_status', 'bad_shape', 'not_json', 'bad_response', 'redirect', 'html', 'wrong_product']);
/** Each request of a test waits at most this long: a person is waiting. */
const TEST_TIMEOUT_MS = 10_000;

/**
 * "Test" in Settings: a draft config, not saved, run the way the source would run (its
 * transport, TLS, proxy, headers and stored credential) against the product its kind
 * names — does it answer at that URL, which version, is the sign-in accepted, and for a
 * Prometheus-API source are the dashboard's recorded series there. Every failure is one
 * sentence: the transport's own words (services/http/classify-error.ts) for DNS, refused
 * connections, certificates, proxies, 401/403 and HTML pages; or, when something else
 * answers at that URL, what it is. Reads only; tries each request once.
 */
export async function testSource(json: unknown, deps: TestSourceDeps): Promise<TestSourceResult> {
  const started = Date.now();
  const checks: TestSourceResult['checks'] = [];
  const done = (outcome: Outcome): TestSourceResult => ({ ...outcome, checks, tookMs: Date.now() - started });
  let config: SourceConfig;
  try {
    config = validateSourceConfig(json, 'tested');
  } catch (error) {
    if (error instanceof LockstepApiError) return done({ ok: false, kind: 'invalid', sentence: error.message });
    throw error;
  }
  const draft = draftOf(config);
  const credentials = deps.credentials ? settingsWords(deps.credentials) : undefined;
  const limitMs = deps.limitMs ?? 30_000;
  const signal = AbortSignal.timeout(limitMs);
  let source: DataSource | undefined;
  let transport: SourceTransport | undefined;
  try {
    source = await createDataSource(draft, deps.embedded, credentials);
  } catch (error) {
    return done({ ok: false, kind: 'setup', sentence: describeError(error) });
  }
  try {
    if (draft.kind === 'demo') return done(await KIND_CHECKS.demo(undefined as unknown as CheckContext));
    // Quiet: a draft with TLS verification off is not news for the log.
    transport = createSourceTransport(draft, { log: () => {} });
    const base = baseUrl(draft.url);
    const ctx: CheckContext = {
      config: draft,
      source,
      http: sourceHttp(draft, { credentials, transport }),
      transport,
      ...(credentials ? { credentials } : {}),
      base,
      host: new URL(base).host,
      signal,
      now: (deps.now ?? Date.now)(),
      dashboard: deps.dashboard,
      step: async (what, run, said) => {
        try {
          const value = await run();
          checks.push({ what, ok: true, sentence: said(value) });
          return value;
        } catch (error) {
          checks.push({ what, ok: false, sentence: error instanceof NotThatProduct ? error.message : classifySourceError(error, { sourceId: draft.id, url: base }).sentence });
          throw error;
        }
      },
    };
    let outcome: Outcome;
    try {
      outcome = await KIND_CHECKS[draft.kind](ctx);
    } catch (error) {
      outcome = await failureOf(error, ctx, limitMs);
    }
    if (outcome.ok && 'auth' in draft && draft.auth) checks.push({ what: 'sign-in', ok: true, sentence: `the stored credential "${draft.auth.credential}" was accepted` });
    return done(outcome);
  } finally {
    await Promise.allSettled([source.close?.(), transport?.close()]);
  }
}

/** One sentence for what stopped the test; when something else answers at that URL, what it is. */
async function failureOf(error: unknown, ctx: CheckContext, limitMs: number): Promise<Outcome> {
  if (ctx.signal.aborted) return { ok: false, kind: 'timeout', sentence: `${ctx.host} did not finish answering the test within ${Math.round(limitMs / 1000)} s` };
  const classified = error instanceof NotThatProduct ? { kind: 'wrong_product', sentence: error.message } : classifySourceError(error, { sourceId: ctx.config.id, url: ctx.base, product: PRODUCT_OF[ctx.config.kind] });
  if (!WRONG_PLACE.has(classified.kind)) return { ok: false, kind: classified.kind, sentence: classified.sentence };
  const found = await identifyProduct(ctx.http, ctx.base, ctx.signal).catch(() => undefined);
  const expected = PRODUCT_OF[ctx.config.kind];
  if (found?.kind === ctx.config.kind && found.tooOld) {
    return { ok: false, kind: 'unsupported_version', sentence: `${ctx.host} is ${found.product}, but ${found.tooOld} — upgrade it` };
  }
  if (found && found.kind !== ctx.config.kind) {
    const port = DEFAULT_PORTS[ctx.config.kind];
    const hint = port && new URL(ctx.base).port !== String(port) ? ` (${expected} usually listens on port ${port})` : '';
    return { ok: false, kind: 'wrong_product', sentence: `${ctx.host} is ${found.product}, not ${expected} — check the URL${hint}` };
  }
  return { ok: false, kind: classified.kind, sentence: classified.sentence };
}

/** The config as the test runs it: each request tried once, and waiting at most 10 s. */
function draftOf(config: SourceConfig): SourceConfig {
  if (config.kind === 'demo') return config;
  return { ...config, retries: 0, timeoutMs: Math.min(config.timeoutMs, TEST_TIMEOUT_MS) };
}

/** A missing credential is set from this very screen: say so first. */
function settingsWords(credentials: CredentialReader): CredentialReader {
  return { get: (name) => credentials.get(name), howToAdd: () => '"Set secret" in Settings' };
}
