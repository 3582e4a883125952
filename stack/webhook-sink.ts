import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AmWebhookSchema, type AmWebhook } from '../services/datasources/alertmanager-schemas';

export interface Notification {
  /** The receiver path it was posted to, e.g. "escalation-a". */
  path: string;
  receivedAt: number;
  payload: AmWebhook;
}

/** Deliveries to one receiver for one alert group (Alertmanager's groupKey). */
export interface DeliveryCount {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  firing: number;
  resolved: number;
  firstAt: number;
}

export interface DeliveryFilter {
  /** The receiver path, e.g. "escalation-b". */
  receiver?: string;
  /** The group's labels must include these. */
  group?: Record<string, string>;
}

export interface WebhookSink {
  /** Base URL; receivers post to `${url}/${receiver}`. */
  readonly url: string;
  /** The last 1000 notifications. */
  readonly notifications: readonly Notification[];
  /** Every delivery since start, counted per receiver and alert group (never trimmed). */
  deliveries(filter?: DeliveryFilter): DeliveryCount[];
  /** How many FIRING notifications match: the number of pages. */
  pages(filter?: DeliveryFilter): number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const KEEP = 1000;

/** Stands in for the pager and the chat channel: records what Alertmanager sent and logs one line each. */
export async function startWebhookSink(
  log: (line: string) => void = console.log,
  /** Who a receiver reaches right now (a schedule's person on call), added to its log line. */
  whoIs: (receiver: string) => string | undefined = () => undefined,
): Promise<WebhookSink> {
  const notifications: Notification[] = [];
  const counts = new Map<string, DeliveryCount>();
  const count = (path: string, payload: AmWebhook): void => {
    const key = `${path}\u0000${payload.groupKey}`;
    let entry = counts.get(key);
    if (!entry) {
      entry = { receiver: path, groupKey: payload.groupKey, groupLabels: { ...payload.groupLabels }, firing: 0, resolved: 0, firstAt: Date.now() };
      counts.set(key, entry);
    }
    entry[payload.status]++;
  };
  const deliveries = (filter: DeliveryFilter = {}): DeliveryCount[] =>
    [...counts.values()]
      .filter((c) => filter.receiver === undefined || c.receiver === filter.receiver)
      .filter((c) => Object.entries(filter.group ?? {}).every(([k, v]) => c.groupLabels[k] === v))
      .map((c) => ({ ...c, groupLabels: { ...c.groupLabels } }));
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
      count(path, parsed.data);
      if (notifications.length > KEEP) notifications.shift();
      const who = parsed.data.status === 'firing' ? whoIs(path) : undefined;
      log(`${describe(path, parsed.data)}${who ? ` → ${who}` : ''}`);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    deliveries,
    pages: (filter) => deliveries(filter).reduce((sum, c) => sum + c.firing, 0),
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
