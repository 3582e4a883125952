import { describe, expect, it } from 'vitest';
import { Deployer, IdempotencyConflictError } from './deployer';

describe('the demo deployer', () => {
  const make = () => {
    let t = 1_000;
    const deployer = new Deployer(() => t);
    return { deployer, tick: (ms: number) => (t += ms) };
  };

  it('records each switch, in order and with distinct times even within one tick', () => {
    const { deployer } = make();
    deployer.release('lock-service', '1.19.0', true);
    deployer.switchTraffic('lock-service', 'blue', 'ana');
    const d = deployer.get('lock-service');
    expect(d.history?.map((h) => `${h.from}→${h.to} ${h.by ?? ''}`)).toEqual(['blue→green release pipeline', 'green→blue ana']);
    expect(d.history![1]!.at).toBeGreaterThan(d.history![0]!.at);
    expect(d.revision).toBe(2);
  });

  it('does a key once: the repeat gets the first answer, and the traffic moved once', () => {
    const { deployer, tick } = make();
    deployer.release('lock-service', '1.19.0', true);
    const first = deployer.requestSwitch('lock-service', 'blue', { key: 'same-key-123', by: 'ana' });
    tick(1000);
    const second = deployer.requestSwitch('lock-service', 'blue', { key: 'same-key-123', by: 'bo' });
    expect(first.outcome).toBe('switched');
    expect(second).toEqual({ outcome: 'replayed', deployment: first.deployment });
    expect(deployer.moveCount('lock-service')).toBe(2); // the release and the one switch back
    expect(() => deployer.requestSwitch('ride-service', 'green', { key: 'same-key-123' })).toThrow(IdempotencyConflictError);
  });

  it('answers a switch to the live colour as already live, moving nothing', () => {
    const { deployer } = make();
    const answer = deployer.requestSwitch('lock-service', 'blue', { key: 'other-key-123' });
    expect(answer.outcome).toBe('already_live');
    expect(deployer.moveCount('lock-service')).toBe(0);
  });
});
