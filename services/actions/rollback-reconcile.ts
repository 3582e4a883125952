import type { Color, Deployment } from '../../shared';
import type { DeploysCapability } from '../datasources/types';
import { errorMessage } from '../util/errors';

export interface ReconcileOptions {
  /** Reads of the deployer's state before giving up (default 5). */
  attempts: number;
  /** Wait between reads, in ms (default 1 s): a deployer that applies the switch late is seen. */
  intervalMs: number;
}
export const DEFAULT_RECONCILE: ReconcileOptions = { attempts: 5, intervalMs: 1_000 };

export interface Reconciled {
  /** switched: the target is live (since the request, or before it: then already_live); failed: it is not; unknown: the state could not be read. */
  outcome: 'switched' | 'already_live' | 'failed' | 'unknown';
  /** What was seen, in words, for the person and the timeline. */
  observed: string;
  deployment?: Deployment;
}

export const clock = (at: number) => `${new Date(at).toISOString().slice(11, 19)} UTC`;

/** Where the target colour's time as live began, from the deployment's record. */
function liveSince(deployment: Deployment): { at?: number; by?: string } {
  const last = deployment.history?.at(-1);
  if (last && last.to === deployment.active) return { at: last.at, ...(last.by ? { by: last.by } : {}) };
  return deployment.switchedAt !== undefined ? { at: deployment.switchedAt } : {};
}

export function describeLive(deployment: Deployment): string {
  const version = deployment.colors[deployment.active]?.version;
  const since = liveSince(deployment);
  return `${deployment.service} serves from ${deployment.active}${version ? ` (${version})` : ''}${since.at !== undefined ? ` since ${clock(since.at)}` : ''}${since.by ? `, switched by ${since.by}` : ''}`;
}

/**
 * After an answer that does not say what happened (a timeout, a broken-off connection, a
 * 5xx), read the deployer's state back — a few times, since a slow deployer may apply the
 * switch after its answer was given up on — and say what it shows.
 */
export async function reconcileSwitch(
  capability: Pick<DeploysCapability, 'listDeployments'>,
  service: string,
  target: Color,
  sentAt: number,
  options: ReconcileOptions = DEFAULT_RECONCILE,
): Promise<Reconciled> {
  let lastError: string | undefined;
  let last: Deployment | undefined;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    try {
      const deployments = await capability.listDeployments();
      last = deployments.find((d) => d.service === service);
      lastError = undefined;
      if (!last) return { outcome: 'unknown', observed: `the deployer no longer lists ${service}` };
      if (last.active === target && (last.weights?.[target] ?? 100) === 100) {
        const since = liveSince(last).at;
        const before = since !== undefined && since < sentAt - 1_000;
        return { outcome: before ? 'already_live' : 'switched', observed: `the deployer lists ${describeLive(last)}`, deployment: last };
      }
    } catch (error) {
      lastError = errorMessage(error);
    }
  }
  const seconds = Math.round(((options.attempts - 1) * options.intervalMs) / 100) / 10;
  if (last && lastError === undefined) {
    return { outcome: 'failed', observed: `after ${options.attempts} reads over ${seconds} s the deployer still lists ${describeLive(last)}`, deployment: last };
  }
  return { outcome: 'unknown', observed: `the deployer's state could not be read (${lastError ?? 'no answer'})` };
}
