import { compileRoutes, type EscalationPolicy } from '../shared/escalation';
import { toYaml } from './yaml';

/** Warnings and anything no other route takes go to the team's chat channel. */
export const TEAM_CHANNEL = 'team-channel';

export interface AlertmanagerConfigInput {
  /** Base URL of the stack's webhook sink; each receiver posts to `${base}/${receiver}`. */
  webhookBase: string;
  fast: boolean;
  /** The escalation policy compiled into the routes (levels A, B, C → escalation-a/-b/-c). */
  policy: EscalationPolicy;
}

/**
 * The escalation policy's routes first (LockstepNote and Watchdog → null; critical → level A with
 * `continue: true`; LockstepEscalation{escalation="b"|"c"} → B, C), then warnings → the
 * team channel. The comment atop the file says how close it gets to the rate limit.
 */
export function alertmanagerConfigYaml(input: AlertmanagerConfigInput): string {
  const compiled = compileRoutes(input.policy, { webhookBase: input.webhookBase });
  const header = compiled.notes.map((line) => `# ${line}`).join('\n');
  return `${header}\n${toYaml({
    route: {
      receiver: TEAM_CHANNEL,
      group_by: ['alertname', 'service', 'city', 'provider'],
      group_wait: input.fast ? '1s' : '10s',
      group_interval: input.fast ? '2s' : '1m',
      repeat_interval: input.fast ? '1h' : '4h',
      routes: [...compiled.routes, { matchers: ['severity="warning"'], receiver: TEAM_CHANNEL }],
    },
    // A city with its locks offline also fails unlocks there: page for the cause only.
    inhibit_rules: [
      {
        source_matchers: ['alertname="CityLocksOffline"'],
        target_matchers: ['alertname="UnlockSuccessLow"'],
        equal: ['city'],
      },
    ],
    receivers: [
      ...compiled.receivers.map((r) => (r.webhook_configs ? { name: r.name, webhook_configs: r.webhook_configs } : { name: r.name })),
      { name: TEAM_CHANNEL, webhook_configs: [{ url: `${input.webhookBase}/${TEAM_CHANNEL}`, send_resolved: true, max_alerts: 0 }] },
    ],
  })}`;
}
