import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './default-policy';
import { EscalationPolicySchema } from './policy';
import { nextLevel, summarizePolicy } from './summary';

describe('the escalation policy as a console shows it', () => {
  it('names who each level pages now, with the waits between levels', () => {
    const summary = summarizePolicy(DEFAULT_POLICY, Date.UTC(2026, 11, 1, 10, 0, 0));
    expect(summary.policy).toBe(DEFAULT_POLICY.id);
    expect(summary.levels.map((l) => l.name)).toEqual(['a', 'b', 'c']);
    expect(summary.levels[0]!.pages).toMatch(/^\S+ \(on call in fleet-primary\)$/);
    expect(summary.levels.slice(1).map((l) => l.pages)).toEqual(['team-lead', 'head-of-ops']);
    expect(summary.levels.map((l) => l.waitSeconds)).toEqual([300, 600, undefined]);
  });

  it("offers the team's next level, not an assumed B and C", () => {
    const twoLevels = EscalationPolicySchema.parse({
      id: 'payments',
      levels: [
        { name: 'first', target: { kind: 'receiver', receiver: 'payments-pager' }, waitSeconds: 120 },
        { name: 'mgr', target: { kind: 'person', person: 'lee' }, waitSeconds: 600 },
      ],
    });
    const { levels } = summarizePolicy(twoLevels, 0);
    expect(levels).toEqual([{ name: 'first', pages: 'receiver payments-pager', waitSeconds: 120 }, { name: 'mgr', pages: 'lee' }]);
    expect(nextLevel(levels, undefined)).toBe('mgr');
    expect(nextLevel(levels, 'first')).toBe('mgr');
    expect(nextLevel(levels, 'mgr')).toBeUndefined();
    // A level the policy does not know (an old alert, another policy): nothing to offer rather than a guess.
    expect(nextLevel(levels, 'b')).toBeUndefined();
  });

  it('says plainly when a schedule has nobody on call', () => {
    const empty = EscalationPolicySchema.parse({
      id: 'night',
      levels: [{ name: 'a', target: { kind: 'schedule', schedule: 'nights' }, waitSeconds: 60 }],
      schedules: [{ id: 'nights', timeZone: 'UTC', rotation: { people: ['kim'], shiftDays: 1, handoffTime: '09:00', startDate: '2099-01-01' } }],
    });
    expect(summarizePolicy(empty, Date.UTC(2026, 0, 1)).levels[0]!.pages).toBe('nobody on call in nights');
  });
});
