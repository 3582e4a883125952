import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { DeploymentSchema, type Color, type Deployment } from '../../shared';
import { baseUrl, redact } from './endpoint-url';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { SourceError, type DataSource } from './types';

const DeploymentsAnswerSchema = z.object({ deployments: z.array(DeploymentSchema) });

/**
 * A blue/green deployer over HTTP (the demo fleet's API):
 * `GET /api/deployments` and `POST /api/deployments/{service}/switch {"color"}`.
 */
export function createDeployerHttpSource(config: SourceConfigOf<'deployer-http'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const http = sourceHttp(config, deps);

  async function listDeployments(signal?: AbortSignal): Promise<Deployment[]> {
    const answer = await http.json(`${base}/api/deployments`, DeploymentsAnswerSchema, { signal });
    return answer.deployments;
  }

  async function switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment> {
    if (!service) throw new SourceError(config.id, 'no service named for the traffic switch', 'rejected');
    const deployment = await http.json(`${base}/api/deployments/${encodeURIComponent(service)}/switch`, DeploymentSchema, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ color }),
      signal,
    });
    if (deployment.service !== service || deployment.active !== color) {
      throw new SourceError(
        config.id,
        `${config.name} answered the switch of ${service} to ${color} with ${deployment.service} on ${deployment.active}; traffic may not have moved`,
      );
    }
    return deployment;
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    deploys: { listDeployments, switchTraffic },
  };
}
