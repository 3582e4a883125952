import { EscalationPolicySchema, type EscalationPolicy, type EscalationPolicyInput } from './policy';

/** Templates per domain, chosen by the `domain` label the demo fleet's rules set. */
const DOMAIN_TEMPLATES: EscalationPolicyInput['templates'] = {
  label: 'domain',
  byValue: {
    hardware: {
      summary: 'lock hardware in {{ $labels.city }}',
      description: 'Locks or their gateway are failing: check the IoT gateway and the cellular network before the services.',
    },
    software: {
      summary: '{{ $labels.service }} is failing',
      description: 'A service is erroring: if a release just went out, switch its traffic back to the previous colour.',
    },
    payment: {
      summary: 'payments through {{ $labels.provider }}',
      description: 'Riders are not charged, or charged twice on retry: check the provider status and fail over.',
    },
    database: {
      summary: 'database behind {{ $labels.service }}',
      description: 'A database is failing: check replication, connections and disk before restarting anything.',
    },
  },
  fallback: { summary: 'an unacknowledged critical alert', description: '' },
};

const SCHEDULES: EscalationPolicyInput['schedules'] = [
  {
    id: 'fleet-primary',
    timeZone: 'Europe/Berlin',
    rotation: { people: ['ana', 'bo', 'chen', 'dara'], startDate: '2026-01-05', handoffTime: '09:00', shiftDays: 7 },
    overrides: [],
  },
];

/** The demo fleet's policy: the on-call of the week (A), then the team lead (B) after 5 min, then the head of ops (C) 10 min later. */
export const DEFAULT_POLICY: EscalationPolicy = EscalationPolicySchema.parse({
  id: 'fleet',
  levels: [
    { name: 'a', target: { kind: 'schedule', schedule: 'fleet-primary' }, waitSeconds: 300 },
    { name: 'b', target: { kind: 'person', person: 'team-lead' }, waitSeconds: 600 },
    { name: 'c', target: { kind: 'person', person: 'head-of-ops' }, waitSeconds: 600 },
  ],
  repeatSeconds: 4 * 3600,
  maxMessagesPerHour: 20,
  groupWaitSeconds: 10,
  templates: DOMAIN_TEMPLATES,
  schedules: SCHEDULES,
});

/** The same policy scaled to seconds for tests and the stack's fast mode: B after 8 s, C after 16 s. */
export const TEST_POLICY: EscalationPolicy = EscalationPolicySchema.parse({
  ...DEFAULT_POLICY,
  levels: DEFAULT_POLICY.levels.map((level) => ({ ...level, waitSeconds: 8 })),
  // Longer than any test: a repeat would be a second page.
  repeatSeconds: 3600,
  groupWaitSeconds: 1,
});
