import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Deployment } from '../../shared';
import { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { DEPLOY_POLL_MS, startDeployPolling } from './deploy-polling';

const blueGreen: Deployment[] = [];

function deployer(answer: () => Promise<Deployment[]>) {
  const signals: (AbortSignal | undefined)[] = [];
  const source: DataSource = {
    id: 'deployer',
    kind: 'deployer-http',
    name: 'Deployer',
    deploys: {
      listDeployments: (signal) => {
        signals.push(signal);
        return answer();
      },
      switchTraffic: async () => {
        throw new Error('not in this test');
      },
    },
  };
  return { sources: new SourceSet([source]), signals };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startDeployPolling', () => {
  it('broadcasts the deployer’s answer at once and every 10 s until stopped, then leaves nothing scheduled', async () => {
    const { sources, signals } = deployer(async () => blueGreen);
    const seen: Deployment[][] = [];
    const stop = startDeployPolling({ sources, onDeployments: (d) => seen.push(d), warn: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(DEPLOY_POLL_MS - 1);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(DEPLOY_POLL_MS);
    expect(seen).toEqual([blueGreen, blueGreen, blueGreen]);
    stop();
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * DEPLOY_POLL_MS);
    expect(seen).toHaveLength(3);
  });

  it('does nothing without a deployer', () => {
    const stop = startDeployPolling({ sources: new SourceSet([]), onDeployments: () => {}, warn: () => {} });
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('drops an answer that arrives after stop, and does not stack polls on a slow deployer', async () => {
    let release: ((d: Deployment[]) => void) | undefined;
    const { sources, signals } = deployer(() => new Promise((r) => (release = r)));
    const seen: Deployment[][] = [];
    const stop = startDeployPolling({ sources, onDeployments: (d) => seen.push(d), warn: () => {} });
    await vi.advanceTimersByTimeAsync(3 * DEPLOY_POLL_MS);
    expect(signals).toHaveLength(1);
    stop();
    release!(blueGreen);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([]);
  });

  it('warns once for a failure that repeats, and again when it changes', async () => {
    let error = new Error('connection refused');
    const { sources } = deployer(async () => {
      throw error;
    });
    const warnings: string[] = [];
    const stop = startDeployPolling({ sources, onDeployments: () => {}, warn: (w) => warnings.push(w) });
    await vi.advanceTimersByTimeAsync(3 * DEPLOY_POLL_MS);
    error = new Error('timed out');
    await vi.advanceTimersByTimeAsync(DEPLOY_POLL_MS);
    stop();
    expect(warnings).toEqual([
      expect.stringMatching(/^deployments: .*connection refused/),
      expect.stringMatching(/^deployments: .*timed out/),
    ]);
  });
});
