import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cumulativeWaits } from '../shared/escalation';
import { createAlertmanagerSource } from '../services/datasources/alertmanager';
import { createPrometheusSource } from '../services/datasources/prometheus';
import type { DataSource } from '../services/datasources/types';
import { escalateIncident, escalationSubject } from '../services/escalation/escalate';
import type { SourceConfigOf } from '../services/config/sources';
import { skipUnlessInstalled } from './process/binaries';
import { waitFor } from '../testing/wait-for';
import { startStack, type Stack } from './start-stack';
import type { DeliveryFilter } from './webhook-sink';

/**
 * Escalation runs in Prometheus and Alertmanager, so these tests run NO console: the
 * stack's fast mode compiles the test policy (B after 8 s, C after 16 s) into its rules
 * and routes, and the webhook sink counts the pages each level's receiver gets per group.
 */
const demoMissing = !existsSync(join(process.cwd(), 'demo', 'cli.ts'));
const skip = demoMissing || skipUnlessInstalled(['prometheus', 'alertmanager'], 'the escalation tests on the real stack');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** After the last expected page, how long to watch for a second one. */
const QUIET_MS = 6_000;

function source<K extends 'prometheus' | 'alertmanager'>(stack: Stack, kind: K): DataSource {
  const config = stack.sources.find((s) => s.kind === kind) as SourceConfigOf<K> | undefined;
  if (!config) throw new Error(`the stack has no ${kind} source`);
  return kind === 'prometheus' ? createPrometheusSource(config as SourceConfigOf<'prometheus'>) : createAlertmanagerSource(config as SourceConfigOf<'alertmanager'>);
}

/** `locks`: enough riders that payments (one per finished ride) keep a 1 m success ratio defined, so a payment alert does not flap. */
async function startFast(log: string[], locks: number): Promise<{ stack: Stack; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-escalation-'));
  const stack = await startStack({ fast: true, locks, scheduledIncidents: false, dataDir: dir, log: (line) => log.push(line) });
  return { stack, dir };
}

async function scraped(stack: Stack): Promise<void> {
  const prometheus = source(stack, 'prometheus');
  await waitFor('Prometheus to scrape the demo fleet', async () => {
    const end = Date.now();
    const result = await prometheus.metrics!.queryRange({ expr: 'up{job="demo-fleet"} == 1', start: end - 10_000, end, stepSeconds: 1 });
    return result.series.length === 1 ? true : undefined;
  });
}

/** Starts a demo incident; answers its detail (e.g. "payment provider wechatpay failing"). */
async function trigger(stack: Stack, incident: string): Promise<string> {
  const answer = await fetch(`${stack.urls.demo}/api/incidents/${incident}`, { method: 'POST' });
  if (!answer.ok) throw new Error(`the demo fleet refused ${incident}: ${answer.status}`);
  const body = (await answer.json()) as { detail?: unknown };
  return typeof body.detail === 'string' ? body.detail : '';
}

/** The first page of a receiver for a group, once it arrives. */
function firstPage(stack: Stack, filter: DeliveryFilter, timeoutMs = 120_000) {
  return waitFor(`a page to ${filter.receiver} for ${JSON.stringify(filter.group)}`, async () => stack.webhooks.deliveries(filter).find((d) => d.firing > 0), { timeoutMs, intervalMs: 200 });
}

/** Runs now, so a step that must happen within seconds of a page is not held up by other tests; errors surface when awaited. */
function background<T>(work: () => Promise<T>): Promise<T> {
  const promise = work();
  promise.catch(() => undefined);
  return promise;
}

const lockErrors = { alertname: 'ServiceErrorRateHigh', service: 'lock-service' };
const lockEscalation = { escalated_alert: 'ServiceErrorRateHigh', service: 'lock-service' };

describe.skipIf(skip)('escalation A → B → C on the real stack, with no console running', () => {
  const logs: string[] = [];
  const started: Array<{ stack: Stack; dir: string }> = [];
  let main: Stack;
  let second: Stack;
  let paymentGroup: Record<string, string>;
  let acknowledged: Promise<{ silenceId: string; at: number; matchers: Record<string, string> }>;
  let escalatedByHand: Promise<{ at: number; messages: string[]; inAlertmanager: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> }>;
  const t0 = Date.now();

  beforeAll(async () => {
    // Two stacks at once: the main one (left alone; acknowledged) and one where two consoles press "Escalate now".
    const [a, b] = await Promise.all([startFast(logs, 20_000), startFast(logs, 2_000)]);
    started.push(a, b);
    main = a.stack;
    second = b.stack;
    await Promise.all([scraped(main), scraped(second)]);
    const [, outage] = await Promise.all([trigger(main, 'bad-release'), trigger(main, 'payment-outage'), trigger(second, 'bad-release')]);
    // The outage's own provider: a quiet provider's 1 m ratio can dip on its own and page separately.
    const provider = /provider (\S+)/.exec(outage)?.[1];
    if (!provider) throw new Error(`the payment outage named no provider: ${outage}`);
    paymentGroup = { alertname: 'PaymentFailuresHigh', provider };

    // Acknowledge the payment incident as soon as level A is paged, as karma does: a silence
    // with the incident's grouping labels (not alertname, so it also mutes the escalation alerts) and an ACK! comment.
    acknowledged = background(async () => {
      const page = await firstPage(main, { receiver: 'escalation-a', group: paymentGroup });
      const matchers = Object.fromEntries(Object.entries(page.groupLabels).filter(([name]) => name !== 'alertname'));
      const now = Date.now();
      const { silenceId } = await source(main, 'alertmanager').alerts!.createSilence({
        matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: now,
        endsAt: now + 3_600_000,
        createdBy: 'ana',
        comment: 'ACK! looking at the payment provider',
      });
      return { silenceId, at: Date.now(), matchers };
    });

    // Two consoles press "Escalate now" to level C on the second stack's incident right after A is paged.
    escalatedByHand = background(async () => {
      await firstPage(second, { receiver: 'escalation-a', group: lockErrors });
      const consoles = [source(second, 'alertmanager'), source(second, 'alertmanager')];
      const listed = await consoles[0]!.alerts!.listAlerts();
      const subject = escalationSubject(listed.filter((a) => a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service'));
      if (!subject) throw new Error('the paged alert is not in Alertmanager');
      const at = Date.now();
      const messages = await Promise.all(
        consoles.map((console, i) => escalateIncident({ subject, level: 'c', actor: i === 0 ? 'ana' : 'bo' }, { alerts: console.alerts!, policy: second.policy })),
      );
      // Only this incident's: by now the rule may have escalated the other failing services to C as well.
      const inAlertmanager = (await consoles[1]!.alerts!.listAlerts()).filter(
        (x) => x.name === 'LockstepEscalation' && x.labels.escalation === 'c' && x.labels.service === 'lock-service',
      );
      return { at, messages, inAlertmanager };
    });
  }, 90_000);

  afterAll(async () => {
    for (const [name, stack] of [['main', main], ['escalate-now', second]] as const) {
      const counts = stack?.webhooks.deliveries().map((d) => `${d.receiver} ${JSON.stringify(d.groupLabels)}: ${d.firing} firing, ${d.resolved} resolved`);
      console.log(`pages on the ${name} stack:\n  ${(counts ?? []).join('\n  ')}`);
    }
    await Promise.all(started.map(async ({ stack, dir }) => {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }));
    console.log(`escalation tests on the real stack took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('pages level A, then B, then C exactly once each for an unacknowledged incident', async () => {
    const [waitB, waitC] = cumulativeWaits(main.policy).slice(1) as [number, number];
    const a = await firstPage(main, { receiver: 'escalation-a', group: lockErrors });
    const b = await firstPage(main, { receiver: 'escalation-b', group: lockEscalation }, 60_000);
    const c = await firstPage(main, { receiver: 'escalation-c', group: lockEscalation }, 60_000);
    await sleep(QUIET_MS);

    expect(main.webhooks.pages({ receiver: 'escalation-a', group: lockErrors })).toBe(1);
    expect(main.webhooks.pages({ receiver: 'escalation-b', group: lockEscalation })).toBe(1);
    expect(main.webhooks.pages({ receiver: 'escalation-c', group: lockEscalation })).toBe(1);
    // Each level only after its wait (A is paged group_wait after the alert fires; B and C likewise after theirs).
    expect(b.firstAt - a.firstAt).toBeGreaterThanOrEqual((waitB - 2) * 1000);
    expect(c.firstAt - a.firstAt).toBeGreaterThanOrEqual((waitC - 2) * 1000);
    // Levels page only their own receiver: B's page is not also sent to A, nor A's to B.
    expect(main.webhooks.pages({ receiver: 'escalation-a', group: { alertname: 'LockstepEscalation' } })).toBe(0);
    expect(main.webhooks.pages({ receiver: 'escalation-b', group: lockErrors })).toBe(0);
    const page = main.webhooks.notifications.find((n) => n.path === 'escalation-c' && n.payload.groupKey === c.groupKey)!;
    expect(page.payload.alerts[0]!.labels).toMatchObject({ alertname: 'LockstepEscalation', escalation: 'c', severity: 'critical', domain: 'software', service: 'lock-service' });
    expect(page.payload.alerts[0]!.annotations.summary).toBe('Escalated to level C: nobody acknowledged ServiceErrorRateHigh — lock-service is failing');
    expect(logs.some((line) => line.startsWith('[alertmanager → escalation-c] FIRING LockstepEscalation{service="lock-service"}') && line.endsWith('→ head-of-ops'))).toBe(true);
    // Level A is a schedule: the page names whoever is on call in it now.
    expect(logs.some((line) => /^\[alertmanager → escalation-a\] FIRING ServiceErrorRateHigh\{service="lock-service"\}.* → (ana|bo|chen|dara) \(on call in fleet-primary\)$/.test(line))).toBe(true);
  }, 150_000);

  it('an acknowledgement (an ACK! silence on the grouping labels) before B stops B and C', async () => {
    const ack = await acknowledged;
    const am = source(main, 'alertmanager');
    const firing = (await am.alerts!.listAlerts()).find((a) => a.name === 'PaymentFailuresHigh' && a.labels.provider === paymentGroup.provider);
    expect(firing).toBeDefined();
    const [, waitC] = cumulativeWaits(main.policy).slice(1) as [number, number];
    // Prometheus still escalates (the rule does not know of silences); Alertmanager mutes it.
    const escalationC = await waitFor('LockstepEscalation{escalation="c"} for the payment incident, silenced', async () =>
      (await am.alerts!.listAlerts()).find((a) => a.name === 'LockstepEscalation' && a.labels.escalation === 'c' && a.labels.escalated_alert === 'PaymentFailuresHigh' && a.labels.provider === paymentGroup.provider),
    // Generous: on a loaded 2-core machine a noisy rate can hold the payment alert pending a while, restarting the waits.
    { timeoutMs: (waitC + 90) * 1000, intervalMs: 500 });
    expect(escalationC.silencedBy).toEqual([ack.silenceId]);
    await sleep(QUIET_MS);

    const group = { escalated_alert: 'PaymentFailuresHigh', ...ack.matchers };
    expect(main.webhooks.pages({ receiver: 'escalation-a', group: paymentGroup })).toBe(1);
    expect(main.webhooks.pages({ receiver: 'escalation-b', group })).toBe(0);
    expect(main.webhooks.pages({ receiver: 'escalation-c', group })).toBe(0);
    const silence = (await am.alerts!.listSilences()).find((s) => s.id === ack.silenceId);
    expect(silence).toMatchObject({ createdBy: 'ana', comment: 'ACK! looking at the payment provider', state: 'active' });
  }, 180_000);

  it('"Escalate now" pressed on two consoles pages that level once, and the rule reaching it later adds no page', async () => {
    const pressed = await escalatedByHand;
    expect(pressed.messages[0]).toMatch(/^Escalated ServiceErrorRateHigh to level C/);
    const a = await firstPage(second, { receiver: 'escalation-a', group: lockErrors });
    const c = await firstPage(second, { receiver: 'escalation-c', group: lockEscalation }, 30_000);
    const [, waitC] = cumulativeWaits(second.policy).slice(1) as [number, number];
    // C was paged by hand, well before the policy's wait would have paged it.
    expect(c.firstAt - a.firstAt).toBeLessThan((waitC - 4) * 1000);
    // One alert in Alertmanager for the two posts, carrying who pressed it.
    expect(pressed.inAlertmanager).toHaveLength(1);
    expect(pressed.inAlertmanager[0]!.annotations.escalated_by).toMatch(/^(ana|bo)$/);
    expect(pressed.inAlertmanager[0]!.labels).toMatchObject({ alertname: 'LockstepEscalation', escalation: 'c', escalated_alert: 'ServiceErrorRateHigh', service: 'lock-service', domain: 'software' });
    // Let the rule reach C too (same labels: the same alert), then watch for a second page.
    await waitFor('B to be paged by the rule', async () => (second.webhooks.pages({ receiver: 'escalation-b', group: lockEscalation }) > 0 ? true : undefined), { timeoutMs: 60_000 });
    const ruleReachesC = a.firstAt + waitC * 1000 + QUIET_MS;
    await sleep(Math.max(0, ruleReachesC - Date.now()));
    expect(second.webhooks.pages({ receiver: 'escalation-c', group: lockEscalation })).toBe(1);
    expect(second.webhooks.pages({ receiver: 'escalation-b', group: lockEscalation })).toBe(1);
    expect(second.webhooks.pages({ receiver: 'escalation-a', group: lockErrors })).toBe(1);
  }, 150_000);
});
