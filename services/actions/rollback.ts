import { type Deployment, LockstepApiError, type RollbackRequest } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { ActionSpec } from './action-pipeline';

interface Deps {
  sources: SourceSet;
  incidents: IncidentTracker;
  onDeployments: (deployments: Deployment[]) => void;
}

/** Blue/green switch-back: route the service's traffic to the named colour, on the record. */
export async function rollbackAction(request: RollbackRequest, deps: Deps): Promise<ActionSpec> {
  const incident = deps.incidents.get(request.incidentId);
  const { capability } = deps.sources.pick('deploys');
  const deployments = await capability.listDeployments();
  const deployment = deployments.find((d) => d.service === request.service);
  if (!deployment) {
    throw new LockstepApiError('not_found', `${request.service} has no blue/green deployment that Lockstep can switch.`);
  }
  if (!deployment.colors[request.targetColor]) {
    throw new LockstepApiError('bad_request', `${request.service} has nothing deployed on ${request.targetColor}.`);
  }
  const from = deployment.active;
  const version = deployment.colors[request.targetColor]?.version ?? '?';
  return {
    kind: 'rollback',
    key: request.idempotencyKey,
    summary: `${request.author} switches ${request.service} from ${from} to ${request.targetColor} (${incident.id})`,
    async run() {
      deps.incidents.record(
        incident.id,
        'rollback_requested',
        `${request.author} asked to switch ${request.service} from ${from} back to ${request.targetColor} (${version})`,
        request.author,
        { service: request.service, from, to: request.targetColor },
      );
      deps.incidents.commit();
      try {
        const after = await capability.switchTraffic(request.service, request.targetColor);
        if (after.active !== request.targetColor) {
          throw new Error(`the deployer still reports ${after.active} as live`);
        }
        deps.incidents.record(
          incident.id,
          'rollback_succeeded',
          `${request.service} now serves from ${request.targetColor} (${version})`,
          request.author,
          { service: request.service, to: request.targetColor },
        );
        deps.incidents.commit();
        deps.onDeployments(await capability.listDeployments().catch(() => deployments));
        return `${request.service} switched to ${request.targetColor} (${version})`;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        deps.incidents.record(
          incident.id,
          'rollback_failed',
          `Switching ${request.service} to ${request.targetColor} failed: ${reason}`,
          request.author,
          { service: request.service, to: request.targetColor },
        );
        deps.incidents.commit();
        throw error;
      }
    },
  };
}
