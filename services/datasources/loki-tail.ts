import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { decodeLokiTailFrame, LokiTailFrameSchema } from '../../shared/logs';
import { firstLine } from '../http/request';
import { describeError } from '../util/errors';
import { TailResume, msToNanos } from './tail-resume';
import type { LogTailHandle, LogTailSink, SourceTailRequest } from './types';

/** Loki's tail frames carry a batch of lines each; a frame beyond this closes the socket (1009). */
export const MAX_TAIL_FRAME_BYTES = 16 * 1024 * 1024;

export interface LokiTailOptions {
  /** The source's base URL (http or https; the socket goes to ws or wss). */
  base: string;
  /** The source's name, for sentences ("Loki (eu)"). */
  who: string;
  /** Request headers, looked up per connection (a credential stored later is used). */
  headers(): Promise<Record<string, string>>;
  handshakeTimeoutMs: number;
  /** Loki's `delay_for`: seconds it holds lines to put late ones in order (0–5). */
  delayForSeconds: number;
  /** First wait before reconnecting, doubled each failure up to `maxBackoffMs`, ±20 % jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** With no frame and no ping this long, the connection is taken for dead (Loki pings every second). */
  silenceMs?: number;
  random?: () => number;
}

type Outcome = { retry: string } | { fail: string };

/**
 * `GET /loki/api/v1/tail` over a WebSocket, kept up: a dropped connection reconnects
 * with backoff and resumes from the newest line delivered, leaving out what was already
 * delivered; Loki's `dropped_entries` are counted; a refusal that retrying cannot fix (a
 * bad query, no access, no tail API at that URL) ends the tail with Loki's own words.
 */
export function startLokiTail(options: LokiTailOptions, request: SourceTailRequest, sink: LogTailSink): LogTailHandle {
  const initial = options.initialBackoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 30_000;
  const silenceMs = options.silenceMs ?? 30_000;
  const random = options.random ?? Math.random;
  const resume = new TailResume(msToNanos(request.start));
  const wsBase = options.base.replace(/^http/, 'ws');
  const host = new URL(options.base).host;
  let closed = false;
  let failures = 0;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // A sink that throws must not take the socket's event loop with it.
    }
  };

  async function connect(): Promise<void> {
    if (closed) return;
    let headers: Record<string, string>;
    try {
      headers = await options.headers();
    } catch (error) {
      finish({ fail: describeError(error) });
      return;
    }
    if (closed) return;
    const params = new URLSearchParams({
      query: request.query,
      limit: String(request.limit),
      delay_for: String(options.delayForSeconds),
      start: resume.start,
    });
    const ws = new WebSocket(`${wsBase}/loki/api/v1/tail?${params.toString()}`, {
      headers: { 'user-agent': 'Lockstep', ...headers },
      handshakeTimeout: options.handshakeTimeoutMs,
      maxPayload: MAX_TAIL_FRAME_BYTES,
      followRedirects: false,
      perMessageDeflate: false,
    });
    socket = ws;
    let settled = false;
    let lastError: string | undefined;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      if (socket === ws) socket = undefined;
      ws.removeAllListeners('message');
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      finish(outcome);
    };
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => settle({ retry: `${options.who} sent nothing for ${Math.round(silenceMs / 1000)} s` }), silenceMs);
      watchdog.unref?.();
    };

    ws.on('unexpected-response', (_req, res) => {
      void readBody(res).then((body) => settle(refusal(res.statusCode ?? 0, body)));
    });
    ws.on('open', () => {
      arm();
      safely(() => sink.state('live'));
    });
    ws.on('ping', arm);
    ws.on('message', (data, isBinary) => {
      arm();
      failures = 0;
      if (isBinary) return;
      handleFrame(data.toString());
    });
    ws.on('error', (error) => {
      lastError = `cannot reach ${options.who} at ${host}: ${describeNetworkError(error)}`;
    });
    ws.on('close', (code, reason) => {
      if (code === 1009) {
        settle({ fail: `${options.who} sent a tail message over ${MAX_TAIL_FRAME_BYTES / 1024 / 1024} MB; narrow the query or lower the panel's limit` });
        return;
      }
      const why = reason.toString().trim();
      // Loki closes with 1011 and its reason when the tail fails on its side (e.g. "max concurrent tail requests limit exceeded").
      settle({ retry: why ? `${options.who} ended the tail: ${firstLine(why)}` : (lastError ?? closedWithout(code)) });
    });
  }

  function closedWithout(code: number): string {
    if (code === 1006) return `the connection to ${options.who} dropped`;
    if (code === 1001) return `${options.who} is going away (restarting or shutting down)`;
    return `${options.who} closed the tail (WebSocket code ${code})`;
  }

  function handleFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      safely(() => sink.state('live', `${options.who} sent a tail message that is not JSON; it was skipped`));
      return;
    }
    const parsed = LokiTailFrameSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      safely(() => sink.state('live', `${options.who} sent a tail message of an unexpected shape (${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}); it was skipped`));
      return;
    }
    const { entries, dropped } = decodeLokiTailFrame(parsed.data);
    const fresh = resume.admit(entries);
    if (fresh.length > 0) safely(() => sink.lines(fresh.map((e) => e.line)));
    if (dropped > 0) safely(() => sink.dropped(dropped));
  }

  function refusal(status: number, body: string): Outcome {
    const reason = firstLine(body) || `HTTP ${status}`;
    if (status === 400) return { fail: `${options.who} rejected the tail query: ${reason}` };
    if (status === 401 && /org id/i.test(body)) return { fail: `${options.who} is multi-tenant and needs a tenant: set "tenant" on this source (sent as X-Scope-OrgID). Loki said: ${reason}` };
    if (status === 401 || status === 403) return { fail: `${options.who} refused access to the tail (${status}): ${reason}` };
    if (status === 404 || status === 405) return { fail: `${options.who} has no tail API at ${options.base}/loki/api/v1/tail (${status}: ${reason}); a proxy in front of Loki may not pass WebSockets` };
    if (status >= 300 && status < 400) return { fail: `${options.who} answered the tail with a redirect (${status}); put the final URL in the config` };
    return { retry: `${options.who} answered the tail with ${status}: ${reason}` };
  }

  function finish(outcome: Outcome): void {
    if (closed) return;
    if ('fail' in outcome) {
      closed = true;
      safely(() => sink.state('failed', `${outcome.fail}.`));
      return;
    }
    const base = Math.min(max, initial * 2 ** failures);
    const wait = Math.round(base * (0.8 + 0.4 * random()));
    failures++;
    safely(() => sink.state('reconnecting', `${outcome.retry}; reconnecting in ${formatSeconds(wait)} (attempt ${failures}), resuming where it stopped.`));
    retryTimer = setTimeout(() => void connect(), wait);
    retryTimer.unref?.();
  }

  void connect();
  return {
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      const ws = socket;
      socket = undefined;
      if (ws) {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'tail stopped');
        else ws.terminate();
      }
    },
  };
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The refusal's text, at most 4 KB and 5 s of it: enough for Loki's one-line reasons. */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const done = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      res.removeAllListeners('data');
      resolve(Buffer.concat(chunks).toString('utf8'));
      res.destroy();
    };
    const timer = setTimeout(done, 5000);
    res.on('data', (chunk: Buffer) => {
      if (size < 4096) chunks.push(chunk.subarray(0, 4096 - size));
      size += chunk.length;
      if (size >= 4096) done();
    });
    res.on('end', done);
    res.on('error', done);
  });
}

function describeNetworkError(error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused (is it running?)';
  if (code === 'ENOTFOUND') return 'host name not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return error.message;
}
