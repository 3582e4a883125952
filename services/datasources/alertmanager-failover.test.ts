import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../testing';
import { createAlertmanagerSource } from './alertmanager';
import { SourceError, type AlertsCapability } from './types';

/**
 * Which member a cluster write reaches, and when the next is tried. The members here are
 * loopback HTTP servers that answer as told and record what they were sent, so a 503, a
 * 400 or a hang can be had on demand; the real-cluster behaviour is in
 * alertmanager-cluster.test.ts.
 */
type Reply = { status: number; body: string } | 'hang' | 'cut';
interface Member {
  url: string;
  seen: string[];
  reply: (req: IncomingMessage) => Reply;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function member(reply: Member['reply']): Promise<Member> {
  const m: Member = { url: '', seen: [], reply, close: async () => {} };
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    m.seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const answer = m.reply(req);
      if (answer === 'hang') return void hung.push(res);
      if (answer === 'cut') return void res.socket?.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  server.on('close', () => hung.forEach((r) => r.destroy()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  m.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server.closeAllConnections?.();
  return m;
}

const created = (id: string): Reply => ({ status: 200, body: JSON.stringify({ silenceID: id }) });
const fine: Reply = { status: 200, body: '' };

function cluster(urls: string[]): AlertsCapability {
  const [url, ...rest] = urls;
  return createAlertmanagerSource({ id: 'amc', name: 'Alertmanager cluster', kind: 'alertmanager', url: url!, urls: rest, timeoutMs: 400 }).alerts!;
}

const SILENCE = { matchers: [{ name: 'service', value: 'lock-service', isRegex: false, isEqual: true }], startsAt: Date.now(), endsAt: Date.now() + 60_000, createdBy: 'ana', comment: 'ACK! on it' };
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

describe('a silence goes to one member of a cluster', () => {
  it('the first member takes it: the second is never asked', async () => {
    const [a, b] = [await member(() => created('s-a')), await member(() => created('s-b'))];
    expect(await cluster([a.url, b.url]).createSilence(SILENCE)).toEqual({ silenceId: 's-a' });
    expect(a.seen).toEqual(['POST /api/v2/silences']);
    expect(b.seen).toEqual([]);
  });

  it('a member failing on its side (503) hands it to the next, once', async () => {
    const [a, b] = [await member(() => ({ status: 503, body: 'overloaded' })), await member(() => created('s-b'))];
    expect(await cluster([a.url, b.url]).createSilence(SILENCE)).toEqual({ silenceId: 's-b' });
    expect([a.seen, b.seen]).toEqual([['POST /api/v2/silences'], ['POST /api/v2/silences']]);
  });

  it('a refusal (400) is the answer: the next member would refuse the same request', async () => {
    const [a, b] = [await member(() => ({ status: 400, body: '"silence invalid: at least one matcher must not match the empty string"' })), await member(() => created('s-b'))];
    const error = await failure(cluster([a.url, b.url]).createSilence(SILENCE));
    expect(error).toBeInstanceOf(SourceError);
    expect(error!.message).toBe(`Alertmanager cluster (${a.url.slice(7)}) refused the change: silence invalid: at least one matcher must not match the empty string`);
    expect(b.seen).toEqual([]);
  });

  it('a timeout is not retried elsewhere: the first may have made it', async () => {
    const [a, b] = [await member(() => 'hang'), await member(() => created('s-b'))];
    const error = await failure(cluster([a.url, b.url]).createSilence(SILENCE));
    expect((error as SourceError).kind).toBe('timeout');
    expect(b.seen).toEqual([]);
  });

  it('a connection cut after the request was sent is not retried elsewhere: the member may have made it', async () => {
    const [a, b] = [await member(() => 'cut'), await member(() => created('s-b'))];
    const error = (await failure(cluster([a.url, b.url]).createSilence(SILENCE))) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.kind).toBe('unreachable');
    expect(a.seen).toEqual(['POST /api/v2/silences']);
    expect(b.seen).toEqual([]);
  });

  it('a member that cannot be reached is skipped, and later writes go first to the member that answered', async () => {
    const gone = `http://127.0.0.1:${await freePort()}`;
    const b = await member(() => created('s-b'));
    const am = cluster([gone, b.url]);
    expect(await am.createSilence(SILENCE)).toEqual({ silenceId: 's-b' });
    b.reply = () => fine;
    await am.expireSilence!('s-b');
    expect(b.seen).toEqual(['POST /api/v2/silences', 'DELETE /api/v2/silence/s-b']);
    // The words after the colon are the HTTP layer's (services/http); what this source adds is who and how many.
    expect(am.healthNote!().problem).toMatch(new RegExp(`^${gone.slice(7)} does not answer \\(1 of 2 members\\): \\S*${gone.slice(17)}.+`));
  });

  it('when no member takes it, the error names each member', async () => {
    const [a, b] = [await member(() => ({ status: 502, body: 'bad gateway' })), await member(() => ({ status: 500, body: '{"error":"silence store broken"}' }))];
    const error = await failure(cluster([a.url, b.url]).createSilence(SILENCE));
    expect(error!.message).toBe(
      `none of the 2 members of Alertmanager cluster answers (${a.url.slice(7)}: Alertmanager cluster (${a.url.slice(7)}) answered 502 to the silence: bad gateway; ${b.url.slice(7)}: Alertmanager cluster (${b.url.slice(7)}) answered 500 to the silence: silence store broken)`,
    );
  });
});

describe('posted alerts go to every member', () => {
  const ALERT = { labels: { alertname: 'LockstepEscalation', escalation: 'b' }, annotations: {}, startsAt: Date.now(), endsAt: Date.now() + 600_000 };

  it('each member gets the same body once', async () => {
    const [a, b] = [await member(() => fine), await member(() => fine)];
    await cluster([a.url, b.url]).postAlerts!([ALERT]);
    expect([a.seen, b.seen]).toEqual([['POST /api/v2/alerts'], ['POST /api/v2/alerts']]);
  });

  it('done when one member takes it; refused when a member refuses and none takes it', async () => {
    const gone = `http://127.0.0.1:${await freePort()}`;
    const b = await member(() => fine);
    await expect(cluster([gone, b.url]).postAlerts!([ALERT])).resolves.toBeUndefined();
    b.reply = () => ({ status: 400, body: '{"code":400,"message":"start time must be before end time"}' });
    const error = await failure(cluster([gone, b.url]).postAlerts!([ALERT]));
    expect(error!.message).toBe(`Alertmanager cluster (${b.url.slice(7)}) refused the alert: start time must be before end time`);
  });
});

describe('reads ask every member', () => {
  it('lists alerts while one member is down, and fails only when none answers', async () => {
    const gone = `http://127.0.0.1:${await freePort()}`;
    const b = await member(() => ({ status: 200, body: '[]' }));
    const am = cluster([gone, b.url]);
    await expect(am.listAlerts()).resolves.toEqual([]);
    b.reply = () => ({ status: 503, body: 'down for maintenance' });
    const error = (await failure(am.listAlerts())) as SourceError;
    expect(error.kind).toBe('unreachable');
    const [first, second] = [gone.slice(7), b.url.slice(7)];
    expect(error.message.startsWith(`none of the 2 members of Alertmanager cluster answers (${first}: `)).toBe(true);
    expect(error.message.endsWith(`; ${second}: Alertmanager cluster (${second}) answered 503 to GET /alerts: down for maintenance)`)).toBe(true);
  });
});
