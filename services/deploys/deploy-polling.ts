import type { Deployment } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

export const DEPLOY_POLL_MS = 10_000;

interface Options {
  sources: SourceSet;
  onDeployments(deployments: Deployment[]): void;
  warn(message: string): void;
  intervalMs?: number;
}

/**
 * Asks the deployer for blue/green state every 10 s and hands each answer on, so every
 * console follows a switch made elsewhere (another console, the release pipeline).
 * A poll still running when the next is due is not doubled. Returns the stop, which
 * also aborts a poll in flight so its late answer goes nowhere.
 */
export function startDeployPolling(options: Options): () => void {
  if (!options.sources.has('deploys')) return () => {};
  const controller = new AbortController();
  let busy = false;
  // The same failure every 10 s is one log line, not one a poll (the source status says the rest).
  let lastWarning: string | undefined;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const deployments = await options.sources.pick('deploys').capability.listDeployments(controller.signal);
      lastWarning = undefined;
      if (!controller.signal.aborted) options.onDeployments(deployments);
    } catch (error) {
      const warning = `deployments: ${errorMessage(error)}`;
      if (!controller.signal.aborted && warning !== lastWarning) options.warn(warning);
      lastWarning = warning;
    } finally {
      busy = false;
    }
  };
  // At once too: what was released lately names incidents' probable causes from the first poll.
  void poll();
  const timer = setInterval(() => void poll(), options.intervalMs ?? DEPLOY_POLL_MS);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    controller.abort();
  };
}
