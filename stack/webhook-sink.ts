import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AmWebhookSchema, type AmWebhook } from '../services/datasources/alertmanager-schemas';

export interface Notification {
  /** The receiver path it was posted to, e.g. "escalation-a". */
  path: string;
  receivedAt: number;
  payload: AmWebhook;
}

export interface WebhookSink {
  /** Base URL; receivers post to `${url}/${receiver}`. */
  readonly url: string;
  readonly notifications: readonly Notification[];
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const KEEP = 1000;

/** Stands in for the pager and the chat channel: records what Alertmanager sent and logs one line each. */
export async function startWebhookSink(log: (line: string) => void = console.log): Promise<WebhookSink> {
  const notifications: Notification[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/+/, '').split('?')[0] ?? '';
    if (req.method !== 'POST') {
      res.writeHead(405).end('POST only');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = AmWebhookSchema.safeParse(json);
      if (!parsed.success) {
        log(`[webhook ${path}] ignored a payload that is not an Alertmanager notification`);
        res.writeHead(400).end('not an Alertmanager webhook payload');
        return;
      }
      notifications.push({ path, receivedAt: Date.now(), payload: parsed.data });
      if (notifications.length > KEEP) notifications.shift();
      log(describe(path, parsed.data));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(path: string, payload: AmWebhook): string {
  const names = payload.alerts.map((alert) => {
    const { alertname = '?', ...rest } = alert.labels;
    const scope = ['service', 'city', 'provider'].filter((k) => rest[k]).map((k) => `${k}="${rest[k]}"`);
    return `${alertname}${scope.length ? `{${scope.join(',')}}` : ''}`;
  });
  return `[alertmanager → ${path}] ${payload.status.toUpperCase()} ${names.join(', ')} (${payload.alerts.length} alert${payload.alerts.length === 1 ? '' : 's'})`;
}
