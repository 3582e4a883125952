import { request as undiciRequest, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { SourceError } from '../datasources/types';
import { errorReason, firstLine, notJson } from './answer-words';
import type { BodyReader, FollowedBody } from './body-reader';
import { ACCEPT_ENCODING, type BodyLimits, decodeBody, textOf, type TransferWatch } from './decoded-body';
import { type RequestPlace, transportFailure } from './failure-words';
import { RETRYABLE_PROBLEMS } from './problems';
import { DEFAULT_MAX_RESPONSE_BYTES, processResponseBudget, type ResponseBudget } from './response-budget';
import { backoffMs, DEFAULT_RETRY, mayRetry, RETRY_STATUSES, retryAfterMs, sleep } from './retry-policy';
import type { Route, SourceTransport } from './source-transport';

export { errorReason, firstLine } from './answer-words';

export interface HttpOptions {
  sourceId: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** The whole answer, per try: the status line and every byte of the body. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Largest single answer accepted, decoded; a backend that sends more is refused (64 MB unless the source says otherwise). */
  maxBytes?: number;
  /** The process-wide budget every answer reserves from; tests pass their own. */
  budget?: ResponseBudget;
  /** The source's pool, proxy, TLS, concurrency limit and retry policy (services/http/source-transport.ts). */
  transport?: SourceTransport;
  /** Without a transport: the dispatcher to use (undici's global one when absent). */
  dispatcher?: Dispatcher;
  /** A POST that only reads (a PromQL query as a form), so it may be tried again like a GET. */
  read?: boolean;
  /** Keep a 2xx answer's body as bytes (`httpBytes`), never decoded to text. */
  bytes?: boolean;
  /** With `bytes`: follow a large 2xx answer's bytes as they arrive (BodyLimits.follow, per try). */
  follow?: BodyLimits['follow'];
  /** How far a 2xx answer's body is, as it arrives (BodyLimits.watch, per try: a retry starts again from 0). */
  watch?: TransferWatch;
}

export interface HttpText {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface JsonOptions extends HttpOptions {
  /** The source's name, to say who refused (e.g. "Alertmanager (127.0.0.1:9093)"). */
  who?: string;
  /**
   * A connector's own words for a non-2xx answer (a trace that is not there, a query the
   * server rejects); `undefined` falls back to the common wording. `reason` is the
   * backend's own reason, as `errorReason` reads it.
   */
  refused?: (status: number, reason: string, text: string) => SourceError | undefined;
  /** What was refused, in the common wording: "the request" for GET, "the change" otherwise, unless said here. */
  action?: string;
  /** The source signs in (`auth`): a 401 then means its credential was refused, not that one is missing. */
  signsIn?: boolean;
}

/** Every outbound call goes through here: one place for timeouts, retries, size limits, the memory budget and error words. */
export async function httpText(url: string, options: HttpOptions): Promise<HttpText> {
  const { release, ...answer } = await fetchText(url, options);
  release();
  return answer;
}

/**
 * GET/POST a JSON endpoint and parse it with `schema`; non-2xx and bad shapes become
 * SourceErrors. A refusal is told in the backend's own words ({"error"}, {"message"},
 * Jaeger's {"errors":[{"msg"}]} or a bare JSON string), since raw JSON helps no one at
 * 3 a.m. The answer's bytes stay reserved in the budget until it is parsed, since the
 * parse is where most of its memory goes.
 */
export async function httpJson<S extends z.ZodType>(url: string, schema: S, options: JsonOptions): Promise<z.output<S>> {
  const response = await fetchText(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  try {
    const host = safeHost(url);
    if (response.status < 200 || response.status >= 300) throw refusal(response, host, options);
    return parsedJson(response, host, schema, options);
  } finally {
    response.release();
  }
}

/** A 2xx answer's text through JSON.parse and `schema`, problems worded for the engineer. */
function parsedJson<S extends z.ZodType>(response: HttpText, host: string, schema: S, options: JsonOptions): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw notJson(options.sourceId, host, response.text, headerValue(response.headers['content-type']), options.transport?.api);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the top level';
    throw new SourceError(options.sourceId, `${host} sent an unexpected answer (${where}: ${issue?.message ?? 'invalid'})`, 'bad_response', 'bad_shape');
  }
  return parsed.data;
}

/** What httpScanned read: the scanner's result, or the answer the general way. */
export type Scanned<T, J> = { scanned: T } | { json: J };

/**
 * httpJson with a purpose-built reader in front (the Zipkin trace scanner): `reader` reads a
 * 2xx answer straight from its bytes — while they arrive, where it can follow them — or
 * returns undefined for one it does not take, which then goes exactly the way httpJson takes
 * it (JSON.parse and `schema`, in the same words). The bytes stay reserved in the budget until
 * both are done.
 */
export async function httpScanned<T, S extends z.ZodType>(url: string, reader: BodyReader<T>, schema: S, options: JsonOptions): Promise<Scanned<T, z.output<S>>> {
  // Each try that reads its answer into one buffer starts a read of its own; the last one started is the answer's.
  let following: { body: Buffer; reading: FollowedBody<T> } | undefined;
  let finished = false;
  const follow = reader.follow;
  try {
    const response = await fetchText(url, {
      ...options,
      bytes: true,
      ...(follow && {
        follow: (body: Buffer) => {
          following?.reading.drop?.();
          const read = { body, reading: follow(body) };
          following = read;
          return (filled: number) => {
            if (following !== read) return;
            try {
              read.reading.arrived(filled);
            } catch {
              // A reader's fault while following is no fault of the transfer: the answer is read whole instead.
              read.reading.drop?.();
              following = undefined;
            }
          };
        },
      }),
      headers: { accept: 'application/json', ...options.headers },
    });
    try {
      const body = response.bytes ?? Buffer.from(response.text);
      const host = safeHost(url);
      if (response.status < 200 || response.status >= 300) throw refusal({ ...response, text: body.toString('utf8') }, host, options);
      // Followed only if the answer is that very buffer, whole (more bytes than announced went another way).
      const followed = following !== undefined && body.buffer === following.body.buffer && body.byteOffset === following.body.byteOffset && body.length === following.body.length;
      finished = followed;
      const scanned = followed ? await following!.reading.finish() : reader.read(body);
      if (scanned !== undefined) return { scanned };
      return { json: parsedJson({ ...response, text: textOf(body) }, host, schema, options) };
    } finally {
      response.release();
    }
  } finally {
    // A read followed but never finished (the transfer broke off, or the answer went another way) is let go.
    if (!finished) following?.reading.drop?.();
  }
}

/**
 * POST/GET like httpJson, but a 2xx answer's bytes go to `decode`, a purpose-built
 * decoder (the Prometheus matrix scanner), instead of JSON.parse and a schema; refusals
 * and answers that are not JSON at all are worded as httpJson words them. The bytes stay
 * reserved in the budget until `decode` settles.
 */
export async function httpBytes<T>(url: string, decode: (body: Buffer) => T | Promise<T>, options: JsonOptions): Promise<T> {
  const response = await fetchText(url, { ...options, bytes: true, headers: { accept: 'application/json', ...options.headers } });
  try {
    const body = response.bytes ?? Buffer.from(response.text);
    if (response.status < 200 || response.status >= 300) throw refusal({ ...response, text: body.toString('utf8') }, safeHost(url), options);
    const first = body.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
    if (first !== 0x7b && first !== 0x5b) {
      throw notJson(options.sourceId, safeHost(url), body.toString('utf8'), headerValue(response.headers['content-type']), options.transport?.api);
    }
    return await decode(body);
  } finally {
    response.release();
  }
}

function refusal(response: HttpText, host: string, options: JsonOptions): SourceError {
  const { status, text } = response;
  const reason = errorReason(text, status, headerValue(response.headers['content-type']));
  const own = options.refused?.(status, reason, text);
  if (own) return own;
  const who = options.who ? `${options.who} (${host})` : host;
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    const where = typeof location === 'string' ? ` to ${firstLine(location)}` : '';
    return new SourceError(
      options.sourceId,
      `${who} answered ${status}, a redirect${where}; Lockstep does not follow redirects (they could carry credentials elsewhere), so put the final URL in the config`,
      'rejected',
      'redirect',
    );
  }
  const action = options.action ?? (options.method && options.method !== 'GET' ? 'the change' : 'the request');
  // The credential's name stays out of the words: statuses reach every console, and the name is nobody's business there.
  if (status === 401) {
    const fix = options.signsIn ? 'its stored credential was not accepted; store a current one' : 'it wants a sign-in: set "auth" on this source';
    return new SourceError(options.sourceId, `${who} refused ${action} (401 Unauthorized): ${reason} — ${fix}`, 'rejected', 'unauthorized');
  }
  if (status === 403) {
    const fix = options.signsIn ? 'its credential is valid but not allowed to do this' : 'it may want a sign-in: set "auth" on this source';
    return new SourceError(options.sourceId, `${who} refused ${action} (403 Forbidden): ${reason} — ${fix}`, 'rejected', 'forbidden');
  }
  if (status >= 400 && status < 500) {
    return new SourceError(options.sourceId, `${who} refused ${action}: ${reason}`, status === 404 ? 'not_found' : 'rejected', 'http_status');
  }
  return new SourceError(options.sourceId, `${who} answered ${status}: ${reason}`, 'rejected', 'http_status');
}

/** How much of a byte-read answer undici may hold ahead of decodeBody before it stops reading the socket. */
const BYTE_ANSWER_HIGH_WATER = 4 * 1024 * 1024;

type Answer = HttpText & { bytes?: Buffer; release(): void };

/**
 * The answer, with its bytes still reserved in the budget until `release()`. A read
 * (GET, HEAD, or a POST declared a read) that could not connect, or got 502/503/504, is
 * tried again after a jittered wait (a Retry-After up to the policy's cap is honoured
 * instead); a write is sent once. The caller's signal ends the waiting and the tries at once.
 *
 * `timeoutMs` bounds all the tries together, from when the first one gets its slot:
 * retries never make a call slower than its source allows (an alert poll against a
 * hung Alertmanager must turn blind on time), they only spend what is left of it.
 */
async function fetchText(url: string, options: HttpOptions): Promise<Answer> {
  const target = parseUrl(url, options.sourceId);
  const route = options.transport?.route(target);
  const method = options.method ?? 'GET';
  const policy = options.transport?.retry ?? DEFAULT_RETRY;
  const tries = mayRetry(method, options.read) ? policy.tries : 1;
  const clock: Clock = {};
  const timeLeftAfter = (waitMs: number) => (clock.deadlineAt ?? Infinity) - Date.now() - waitMs >= MIN_TRY_MS;
  for (let attempt = 1; ; attempt++) {
    let answer: Answer;
    try {
      answer = await attemptOnce(url, target, route, options, clock);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const retryable = error instanceof SourceError && error.problem !== undefined && RETRYABLE_PROBLEMS.has(error.problem);
      const wait = backoffMs(attempt - 1, policy);
      if (!retryable || attempt >= tries || !timeLeftAfter(wait)) throw error;
      await sleep(wait, options.signal);
      continue;
    }
    if (attempt < tries && RETRY_STATUSES.has(answer.status)) {
      const wait = retryAfterMs(answer.headers['retry-after']) ?? backoffMs(attempt - 1, policy);
      if (wait <= policy.retryAfterCapMs && timeLeftAfter(wait)) {
        answer.release();
        await sleep(wait, options.signal);
        continue;
      }
    }
    return answer;
  }
}

/** A try is not started with less than this left of the source's timeout. */
const MIN_TRY_MS = 100;

/** When the call's time runs out: set when its first try gets a slot. */
interface Clock {
  deadlineAt?: number;
}

/** One try: a slot in the source's limit, the request, and its body read and decoded within what is left of `timeoutMs`. */
async function attemptOnce(url: string, target: URL, route: Route | undefined, options: HttpOptions, clock: Clock): Promise<Answer> {
  const releaseSlot = options.transport ? await options.transport.limit.acquire(options.signal) : () => undefined;
  try {
    clock.deadlineAt ??= Date.now() + options.timeoutMs;
    const deadline = AbortSignal.timeout(Math.max(1, clock.deadlineAt - Date.now()));
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    const place: RequestPlace = route?.place ?? { sourceId: options.sourceId, url: target, timeoutMs: options.timeoutMs };
    const progress = { answered: false, received: 0, expected: undefined as number | undefined };
    const failed = (error: unknown) =>
      transportFailure(error, place, {
        ...progress,
        deadlinePassed: deadline.aborted,
        ...withAlert(route?.dispatcher.tlsAlertBehind(error)),
      });
    let response: Dispatcher.ResponseData;
    try {
      response = await undiciRequest(url, {
        method: options.method ?? 'GET',
        headers: { 'user-agent': 'Lockstep', 'accept-encoding': ACCEPT_ENCODING, ...options.headers },
        body: options.body,
        signal,
        dispatcher: route?.dispatcher.dispatcher ?? options.dispatcher,
        // A byte-read answer can be tens of MB (a 100,000-span trace is 34): at undici's 64 KiB
        // the socket pauses after each chunk until this loop takes it, and the answer arrives in
        // hundreds of stop-and-go steps. The bytes are counted against the budget as decodeBody takes them.
        ...(options.bytes ? { highWaterMark: BYTE_ANSWER_HIGH_WATER } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw failed(error);
    }
    progress.answered = true;
    // Only a 2xx answer's body is kept as bytes (and followed as it arrives): a refusal is read as text, to be worded.
    const keepBytes = options.bytes === true && response.statusCode >= 200 && response.statusCode < 300;
    try {
      const { text, bytes, release } = await decodeBody(
        response.body,
        response.headers,
        {
          sourceId: options.sourceId,
          host: target.host,
          maxBytes: options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          budget: options.budget ?? processResponseBudget,
          bytes: keepBytes,
          noBody: options.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304,
          ...(keepBytes && options.follow ? { follow: options.follow } : {}),
          ...(options.watch && response.statusCode >= 200 && response.statusCode < 300 ? { watch: options.watch } : {}),
        },
        progress,
      );
      return { status: response.statusCode, headers: response.headers, text, ...(bytes ? { bytes } : {}), release };
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (options.signal?.aborted) throw error;
      throw failed(error);
    }
  } finally {
    releaseSlot();
  }
}

function withAlert(alert: Error | undefined): { tlsAlert?: Error } {
  return alert ? { tlsAlert: alert } : {};
}

function parseUrl(url: string, sourceId: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new SourceError(sourceId, `"${firstLine(url).slice(0, 200)}" is not a URL — check the source's "url"`, 'rejected', 'setup');
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the backend';
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
