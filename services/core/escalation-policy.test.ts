import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult, Alert, IncidentsSnapshot, RpcReply, SessionInfo } from '../../shared';
import { EscalationPolicySchema } from '../../shared/escalation';
import type { PostedAlert } from '../../shared/escalation';
import type { DataSource } from '../datasources/types';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';
import { waitFor } from '../../testing/wait-for';

let services: LockstepServices | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
});

/** A team whose policy has two levels with its own names: nothing about it is "b" or "c". */
const payments = EscalationPolicySchema.parse({
  id: 'payments',
  levels: [
    { name: 'first', target: { kind: 'receiver', receiver: 'payments-pager' }, waitSeconds: 120 },
    { name: 'mgr', target: { kind: 'person', person: 'lee' }, waitSeconds: 600 },
  ],
});

describe("the team's escalation policy in the console", () => {
  it('is in the session, and "Escalate now" posts its levels and refuses levels it does not have', async () => {
    const posted: PostedAlert[] = [];
    const alert: Alert = {
      fingerprint: 'f1',
      name: 'PaymentFailuresHigh',
      severity: 'critical',
      state: 'firing',
      startsAt: Date.now() - 60_000,
      labels: { alertname: 'PaymentFailuresHigh', severity: 'critical', service: 'payment-service', provider: 'wechatpay' },
      annotations: {},
      silencedBy: [],
      source: 'am',
    };
    const am: DataSource = {
      id: 'am',
      kind: 'alertmanager',
      name: 'Alertmanager',
      alerts: {
        listAlerts: async () => [alert],
        listSilences: async () => [],
        createSilence: async () => ({ silenceId: 's' }),
        postAlerts: async (alerts) => {
          posted.push(...alerts);
        },
      },
    };
    services = servicesFrom([am], { mode: 'custom', alertPollSeconds: 1, escalation: payments }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-policy-')), version: 't', defaultActor: 'ana' });
    const client: ClientSession = { id: 'desk', send: () => {} };
    services.attach(client);
    const call = async <T>(method: Parameters<LockstepServices['handle']>[0], request: unknown): Promise<RpcReply & { value?: T }> => (await services!.handle(method, request, client)) as RpcReply & { value?: T };

    const session = (await call<SessionInfo>('getSession', {})).value!;
    expect(session.escalation).toEqual({ policy: 'payments', levels: [{ name: 'first', pages: 'receiver payments-pager', waitSeconds: 120 }, { name: 'mgr', pages: 'lee' }] });

    const incident = await waitFor('the payment incident', async () => ((await call<IncidentsSnapshot>('listIncidents', {})).value?.incidents ?? [])[0]);
    const refused = await call<ActionResult>('escalateIncident', { incidentId: incident.id, level: 'c', author: 'ana', idempotencyKey: 'escalate-c-0001' });
    expect(refused.value).toMatchObject({ status: 'failed', message: '"c" is not a level to escalate to in policy payments (levels after A: mgr)' });
    expect(posted).toHaveLength(0);
    const done = await call<ActionResult>('escalateIncident', { incidentId: incident.id, level: 'mgr', author: 'ana', idempotencyKey: 'escalate-mgr-0001' });
    expect(done.ok).toBe(true);
    expect(done.value?.status).toBe('succeeded');
    expect(done.value?.message).toContain('(lee)');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.labels).toMatchObject({ alertname: 'LockstepEscalation', escalation: 'mgr', escalated_alert: 'PaymentFailuresHigh', provider: 'wechatpay' });
  });
});
