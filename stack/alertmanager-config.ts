import { toYaml } from './yaml';

/** Receivers of the escalation policy: page level A, then B, then C; warnings go to the team channel. */
export const RECEIVERS = ['escalation-a', 'escalation-b', 'escalation-c', 'team-channel'] as const;
export type ReceiverName = (typeof RECEIVERS)[number];

export interface AlertmanagerConfigInput {
  /** Base URL of the stack's webhook sink; each receiver posts to `${base}/${receiver}`. */
  webhookBase: string;
  fast: boolean;
}

/**
 * Routing by severity: critical pages escalation level A, and alerts carrying an
 * `escalation` label of "b" or "c" (set when nobody answered) page those levels instead.
 */
export function alertmanagerConfigYaml(input: AlertmanagerConfigInput): string {
  const receiver = (name: ReceiverName) => ({
    name,
    webhook_configs: [{ url: `${input.webhookBase}/${name}`, send_resolved: true, max_alerts: 0 }],
  });
  return toYaml({
    route: {
      receiver: 'team-channel',
      group_by: ['alertname', 'service', 'city', 'provider'],
      group_wait: input.fast ? '1s' : '10s',
      group_interval: input.fast ? '2s' : '1m',
      repeat_interval: input.fast ? '1m' : '4h',
      routes: [
        {
          matchers: ['severity="critical"'],
          receiver: 'escalation-a',
          routes: [
            { matchers: ['escalation="b"'], receiver: 'escalation-b' },
            { matchers: ['escalation="c"'], receiver: 'escalation-c' },
          ],
        },
        { matchers: ['severity="warning"'], receiver: 'team-channel' },
      ],
    },
    // A city with its locks offline also fails unlocks there: page for the cause only.
    inhibit_rules: [
      {
        source_matchers: ['alertname="CityLocksOffline"'],
        target_matchers: ['alertname="UnlockSuccessLow"'],
        equal: ['city'],
      },
    ],
    receivers: RECEIVERS.map(receiver),
  });
}
