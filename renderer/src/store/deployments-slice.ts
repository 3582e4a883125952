import type { EventOf } from '../../../shared/api/contract';
import type { Deployment } from '../../../shared/model/deploy';
import { errorText } from '../api/parse';
import type { SliceCreator } from './app-state';
import { keepIfSame } from './same-value';

export interface DeploymentsSlice {
  deployments: Deployment[];
  deploymentsError?: string;
  /**
   * When this screen last heard the deployer's state (the host re-sends it every poll,
   * services/deploys/deploy-polling.ts), so blue/green can be marked stale when that stops.
   */
  deploymentsReceivedAt?: number;
  loadDeployments(): Promise<void>;
  applyDeployments(event: EventOf<'deployments'>): void;
}

export const deploymentsInitial = { deployments: [] as Deployment[], deploymentsError: undefined, deploymentsReceivedAt: undefined };

export const createDeploymentsSlice: SliceCreator<DeploymentsSlice> = (set, get) => ({
  ...deploymentsInitial,

  async loadDeployments() {
    const client = get().client;
    if (!client) return;
    try {
      const result = await client.call('listDeployments', {});
      if (get().client === client) get().applyDeployments(result);
    } catch (error) {
      if (get().client === client) set({ deploymentsError: errorText(error) });
    }
  },

  applyDeployments(event) {
    const deployments = keepIfSame(get().deployments, [...event.deployments].sort((a, b) => a.service.localeCompare(b.service)));
    set({ deployments, deploymentsError: undefined, deploymentsReceivedAt: Date.now() });
  },
});
