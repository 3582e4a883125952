import { describe, expect, it } from 'vitest';
import type { Deployment } from '../model/deploy';
import { downstreamOf } from '../model/call-graph';
import { incidentServices, type IncidentLike, rollbackOffer as offerWith, type RollbackPolicy, RollbackPolicySchema, type RollbackQuestion } from './rollback-candidate';

/** The demo fleet's unlock path, as services/incidents/default-correlation.json describes it. */
const DEMO_CALL_GRAPH = {
  'app-gateway': ['ride-service'],
  'ride-service': ['lock-service', 'payment-service'],
  'lock-service': ['iot-gateway'],
  'payment-service': ['wallet-db'],
};
const DEMO_POLICY: RollbackPolicy = { windowMinutes: 30, callGraph: DEMO_CALL_GRAPH };
/** The offer under the demo's policy unless a test names its own. */
const rollbackOffer = (question: Omit<RollbackQuestion, 'policy'> & { policy?: RollbackPolicy }) => offerWith({ policy: DEMO_POLICY, ...question });
/** The offered switch-back for an incident, if any. */
const rollbackCandidate = (incident: IncidentLike, deployments: readonly Deployment[]) => {
  const offer = rollbackOffer({ services: incidentServices(incident), openedAt: incident.openedAt, deployments });
  return offer.kind === 'offer' ? offer.candidate : undefined;
};

const MIN = 60_000;
const openedAt = 1_000 * MIN;

/** The demo fleet before anything happened: every service on blue, switched long ago. */
function fleet(): Deployment[] {
  return ['app-gateway', 'ride-service', 'lock-service', 'iot-gateway', 'payment-service'].map((service) => ({
    service,
    active: 'blue',
    colors: { blue: { version: `${service}-1` }, green: { version: `${service}-0` } },
    history: [{ at: openedAt - 600 * MIN, from: 'green', to: 'blue', version: `${service}-1` }],
  }));
}

/** lock-service released 1.19.0 on green, `ago` before the incident. */
function badRelease(deployments: Deployment[], ago = 5 * MIN): Deployment[] {
  return deployments.map((d) =>
    d.service !== 'lock-service'
      ? d
      : {
          ...d,
          active: 'green',
          colors: { blue: { version: '1.18.4' }, green: { version: '1.19.0' } },
          switchedAt: openedAt - ago,
          history: [...(d.history ?? []), { at: openedAt - ago, from: 'blue', to: 'green', version: '1.19.0' }],
        },
  );
}

/** lock-service switched back to blue after the incident opened. */
function rolledBack(deployments: Deployment[]): Deployment[] {
  return deployments.map((d) =>
    d.service !== 'lock-service'
      ? d
      : { ...d, active: 'blue', switchedAt: openedAt + 3 * MIN, history: [...(d.history ?? []), { at: openedAt + 3 * MIN, from: 'green', to: 'blue', version: '1.18.4' }] },
  );
}

describe('rollbackOffer', () => {
  it('walks the call graph transitively', () => {
    expect([...downstreamOf(['ride-service'], DEMO_CALL_GRAPH)].sort()).toEqual(['iot-gateway', 'lock-service', 'payment-service', 'ride-service', 'wallet-db']);
    expect([...downstreamOf(['a'], { a: ['b'], b: ['a'] })].sort()).toEqual(['a', 'b']);
  });

  it('offers lock-service back to the good colour after its bad release', () => {
    const offer = rollbackOffer({ services: ['lock-service'], openedAt, deployments: badRelease(fleet()) });
    expect(offer).toMatchObject({
      kind: 'offer',
      candidate: { service: 'lock-service', target: 'blue', badColor: 'green', badVersion: '1.19.0', targetVersion: '1.18.4' },
    });
    if (offer.kind === 'offer') expect(offer.candidate.reason).toBe('lock-service switched to green (1.19.0) 5 min before this incident opened');
  });

  it('offers the same when the alert names a caller (ride-service, app-gateway) of the released service', () => {
    for (const alerting of ['ride-service', 'app-gateway']) {
      const offer = rollbackOffer({ services: [alerting], openedAt, deployments: badRelease(fleet()) });
      expect(offer.kind === 'offer' && `${offer.candidate.service}→${offer.candidate.target}`).toBe('lock-service→blue');
    }
  });

  it('offers nothing for a release of a service the alerting one does not call', () => {
    const offer = rollbackOffer({ services: ['payment-service'], openedAt, deployments: badRelease(fleet()) });
    expect(offer).toEqual({ kind: 'none', reason: 'no release in the 30 min before this incident on payment-service or anything it calls' });
  });

  it('offers nothing for a payment outage or a network partition with no recent release, and says why', () => {
    expect(rollbackOffer({ services: ['payment-service'], openedAt, deployments: fleet() })).toEqual({
      kind: 'none',
      reason: 'no release in the 30 min before this incident on payment-service or anything it calls',
    });
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: fleet() })).toEqual({
      kind: 'none',
      reason: 'no release in the 30 min before this incident on lock-service or anything it calls',
    });
    expect(rollbackOffer({ services: ['iot-gateway', 'lock-service'], openedAt, deployments: fleet() }).kind).toBe('none');
  });

  it('offers nothing for a release older than the window, and the window is configurable', () => {
    const old = badRelease(fleet(), 45 * MIN);
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: old }).kind).toBe('none');
    const policy = RollbackPolicySchema.parse({ windowMinutes: 60, callGraph: DEMO_CALL_GRAPH });
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: old, policy }).kind).toBe('offer');
    const reason = rollbackOffer({ services: ['lock-service'], openedAt, deployments: fleet(), policy });
    expect(reason).toMatchObject({ reason: expect.stringContaining('the 60 min before') });
  });

  it('after the rollback offers nothing, and never the bad release', () => {
    const after = rolledBack(badRelease(fleet()));
    const offer = rollbackOffer({ services: ['ride-service'], openedAt, deployments: after });
    expect(offer).toEqual({ kind: 'none', reason: 'lock-service is already back on blue (1.18.4): nothing left to roll back' });
  });

  it('offers the good colour again when someone switched the bad release back in after the rollback', () => {
    const again = rolledBack(badRelease(fleet())).map((d) =>
      d.service !== 'lock-service' ? d : { ...d, active: 'green' as const, history: [...d.history!, { at: openedAt + 9 * MIN, from: 'blue' as const, to: 'green' as const }] },
    );
    const offer = rollbackOffer({ services: ['lock-service'], openedAt, deployments: again });
    expect(offer.kind === 'offer' && offer.candidate.target).toBe('blue');
  });

  it('works from switchedAt alone for a deployer that keeps no history', () => {
    const bare = badRelease(fleet()).map(({ history: _history, ...d }) => d);
    const offer = rollbackOffer({ services: ['lock-service'], openedAt, deployments: bare });
    expect(offer.kind === 'offer' && offer.candidate.target).toBe('blue');
    // Rolled back after the incident opened: the last switch is after it, so nothing is offered.
    const back = bare.map((d) => (d.service === 'lock-service' ? { ...d, active: 'blue' as const, switchedAt: openedAt + MIN } : d));
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: back }).kind).toBe('none');
  });

  it('never offers a colour with nothing deployed on it', () => {
    const lonely = badRelease(fleet()).map((d) => (d.service === 'lock-service' ? { ...d, colors: { green: { version: '1.19.0' } } } : d));
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: lonely })).toMatchObject({ kind: 'none', reason: expect.stringContaining('nothing deployed on blue') });
  });

  it('offers the most recent of several suspect releases', () => {
    const two = badRelease(fleet(), 5 * MIN).map((d) =>
      d.service === 'iot-gateway' ? { ...d, active: 'green' as const, history: [...d.history!, { at: openedAt - 20 * MIN, from: 'blue' as const, to: 'green' as const }] } : d,
    );
    const offer = rollbackOffer({ services: ['ride-service'], openedAt, deployments: two });
    expect(offer.kind === 'offer' && offer.candidate.service).toBe('lock-service');
  });

  it('names no service → nothing, with the reason', () => {
    expect(rollbackOffer({ services: [], openedAt, deployments: badRelease(fleet()) }).kind).toBe('none');
    expect(rollbackCandidate({ openedAt }, badRelease(fleet()))).toBeUndefined();
    expect(rollbackCandidate({ service: 'lock-service', openedAt }, badRelease(fleet()))?.target).toBe('blue');
  });
});

describe('releases around the incident', () => {
  /** lock-service as the demo deployer records it: versions on both sides of every switch. */
  const recorded = (switches: { at: number; from: 'blue' | 'green'; to: 'blue' | 'green'; version: string; fromVersion: string }[]): Deployment[] =>
    fleet().map((d) =>
      d.service !== 'lock-service'
        ? d
        : { ...d, active: switches.at(-1)?.to ?? 'blue', colors: { blue: { version: '1.18.4' }, green: { version: '1.19.0' } }, history: switches },
    );
  const release = { from: 'blue' as const, to: 'green' as const, version: '1.19.0', fromVersion: '1.18.4' };
  const back = { from: 'green' as const, to: 'blue' as const, version: '1.18.4', fromVersion: '1.19.0' };

  it('offers rolling back a release made while the incident was open (it made it worse)', () => {
    const offer = rollbackOffer({ services: ['iot-gateway', 'lock-service'], openedAt, deployments: recorded([{ at: openedAt + 2 * MIN, ...release }]) });
    expect(offer).toMatchObject({ kind: 'offer', candidate: { service: 'lock-service', target: 'blue', badColor: 'green' } });
    if (offer.kind === 'offer') expect(offer.candidate.reason).toBe('lock-service switched to green (1.19.0) 2 min after this incident opened');
  });

  it('never takes a rollback for a release: no offer to undo a switch back to the good version', () => {
    // Released 45 min before (outside the window), rolled back during the incident.
    const deployments = recorded([{ at: openedAt - 45 * MIN, ...release }, { at: openedAt + 2 * MIN, ...back }]);
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments }).kind).toBe('none');
    // Rolled back 10 min before the incident: that switch back is no suspect either.
    const earlier = recorded([{ at: openedAt - 20 * MIN, ...release }, { at: openedAt - 10 * MIN, ...back }]);
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments: earlier }).kind).toBe('none');
  });

  it('after rolling back a release made during the incident offers nothing', () => {
    const deployments = recorded([{ at: openedAt + 2 * MIN, ...release }, { at: openedAt + 4 * MIN, ...back }]);
    expect(rollbackOffer({ services: ['lock-service'], openedAt, deployments })).toEqual({ kind: 'none', reason: 'lock-service is already back on blue (1.18.4): nothing left to roll back' });
  });
});
