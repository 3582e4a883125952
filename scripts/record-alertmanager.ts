/**
 * `npm run record:alertmanager` records what a real Alertmanager cluster answers into the
 * connector's test data (services/datasources/testdata/alertmanager/cluster/), so parser and
 * merge tests read real bytes rather than hand-written JSON. It starts two Alertmanagers
 * clustered by gossip on loopback, posts alerts as Prometheus does (firing, one inhibited,
 * one silenced, one posted to member 2 only), makes a silence on member 1 and waits for it
 * to reach member 2, then saves each endpoint's answer exactly as received; a lone member
 * with gossip off gives the "disabled" status. Tests never run this: re-record on purpose.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { AmAlertGroupsSchema, AmAlertsSchema, AmPostSilenceAnswerSchema, AmSilencesSchema, AmStatusSchema } from '../services/datasources/alertmanager-schemas';
import { describeError } from '../services/util/errors';
import { startAlertmanagerCluster, type RealAlertmanagerCluster } from '../stack/servers/alertmanager-cluster';
import { startAlertmanager, type RealServer } from '../stack/servers/real-servers';

const OUT = resolve(import.meta.dirname, '..', 'services', 'datasources', 'testdata', 'alertmanager', 'cluster');

const CONFIG = [
  'route:',
  '  receiver: team-channel',
  '  group_by: [alertname, service, city]',
  '  group_wait: 1s',
  '  routes:',
  '    - matchers: [severity="critical"]',
  '      receiver: fleet-primary',
  'inhibit_rules:',
  '  - source_matchers: [alertname="CityLocksOffline"]',
  '    target_matchers: [alertname="UnlockSuccessLow"]',
  '    equal: [city]',
  'receivers:',
  '  - name: team-channel',
  '  - name: fleet-primary',
  '',
].join('\n');

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** As Prometheus sends them: labels, annotations, the start while firing, an end a few minutes ahead. */
const ALERTS = [
  { labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical' }, annotations: { summary: 'lock-service failing' }, startsAt: minutesAgo(3), endsAt: inMinutes(4) },
  { labels: { alertname: 'CityLocksOffline', city: 'berlin', severity: 'critical' }, annotations: { summary: 'berlin locks offline' }, startsAt: minutesAgo(2), endsAt: inMinutes(4) },
  { labels: { alertname: 'UnlockSuccessLow', city: 'berlin', severity: 'warning' }, annotations: { summary: 'unlocks low in berlin' }, startsAt: minutesAgo(2), endsAt: inMinutes(4) },
  { labels: { alertname: 'PaymentLatencyHigh', service: 'payment-service', severity: 'warning' }, annotations: { summary: 'payments slow' }, startsAt: minutesAgo(1), endsAt: inMinutes(4) },
];
/** Posted to member 2 only: what a member that missed a post (or just restarted) looks like beside the others. */
const ONLY_ON_MEMBER_2 = [
  { labels: { alertname: 'FirmwareRolloutStuck', service: 'firmware-service', severity: 'warning' }, annotations: { summary: 'rollout stuck at 40%' }, startsAt: minutesAgo(1), endsAt: inMinutes(4) },
];

async function request(url: string, init?: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${text.trim()}`);
  return text;
}

const post = (url: string, body: unknown) => request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Polls until `ready` holds, at most `ms`; says what it waited for when it gives up. */
async function until(what: string, ready: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up after ${ms / 1000} s waiting for ${what}`);
}

/** The answer as received, after checking the connector's schema reads it. */
function save(file: string, text: string, schema: z.ZodType): void {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: the connector's schema cannot read what Alertmanager answered: ${parsed.error.issues[0]?.message}`);
  writeFileSync(join(OUT, file), text.endsWith('\n') ? text : `${text}\n`);
  console.log(`wrote ${relative(process.cwd(), join(OUT, file))}`);
}

async function record(cluster: RealAlertmanagerCluster, lone: RealServer): Promise<void> {
  const [one, two] = cluster.members.map((m) => m.url) as [string, string];
  await until('both members to gossip with each other, settled', async () => {
    const statuses = await Promise.all([one, two].map(async (url) => AmStatusSchema.parse(JSON.parse(await request(`${url}/api/v2/status`)))));
    return statuses.every((s) => s.cluster.status === 'ready' && s.cluster.peers.length === 2);
  });
  for (const url of [one, two]) await post(`${url}/api/v2/alerts`, ALERTS);
  await post(`${two}/api/v2/alerts`, ONLY_ON_MEMBER_2);

  const silence = await post(`${one}/api/v2/silences`, {
    matchers: [{ name: 'alertname', value: 'PaymentLatencyHigh', isRegex: false, isEqual: true }],
    startsAt: new Date().toISOString(),
    endsAt: inMinutes(60),
    createdBy: 'ana',
    comment: 'ACK! looking at the payment provider',
  });
  const { silenceID } = AmPostSilenceAnswerSchema.parse(JSON.parse(silence));
  await until('the silence to reach member 2 by gossip', async () => (await request(`${two}/api/v2/silences`)).includes(silenceID));
  // Groups form once group_wait has passed and the dispatcher has routed every alert.
  await until('member 1 to group all four alerts', async () => AmAlertGroupsSchema.parse(JSON.parse(await request(`${one}/api/v2/alerts/groups`))).flatMap((g) => g.alerts).length >= ALERTS.length);

  mkdirSync(OUT, { recursive: true });
  save('post-silence.json', silence, AmPostSilenceAnswerSchema);
  save('status-member-1.json', await request(`${one}/api/v2/status`), AmStatusSchema);
  save('status-member-2.json', await request(`${two}/api/v2/status`), AmStatusSchema);
  save('status-gossip-off.json', await request(`${lone.url}/api/v2/status`), AmStatusSchema);
  save('alerts-member-1.json', await request(`${one}/api/v2/alerts`), AmAlertsSchema);
  save('alerts-member-2.json', await request(`${two}/api/v2/alerts`), AmAlertsSchema);
  save('groups-member-1.json', await request(`${one}/api/v2/alerts/groups`), AmAlertGroupsSchema);
  save('silences-member-1.json', await request(`${one}/api/v2/silences`), AmSilencesSchema);
  save('silences-member-2.json', await request(`${two}/api/v2/silences`), AmSilencesSchema);
  writeFileSync(
    join(OUT, 'recorded.json'),
    `${JSON.stringify({ recordedAt: new Date().toISOString(), by: 'npm run record:alertmanager (scripts/record-alertmanager.ts)', silenceId: silenceID, members: [one, two], gossipOff: lone.url }, null, 2)}\n`,
  );
  console.log(`wrote ${relative(process.cwd(), join(OUT, 'recorded.json'))}`);
}

async function main(): Promise<number> {
  let cluster: RealAlertmanagerCluster | undefined;
  let lone: RealServer | undefined;
  try {
    cluster = await startAlertmanagerCluster({ configYaml: CONFIG });
    lone = await startAlertmanager({ configYaml: CONFIG });
    await record(cluster, lone);
    return 0;
  } catch (error) {
    console.error(`Recording Alertmanager answers failed: ${describeError(error)}`);
    return 1;
  } finally {
    await Promise.allSettled([cluster?.stop(), lone?.stop()]);
  }
}

process.exitCode = await main();
