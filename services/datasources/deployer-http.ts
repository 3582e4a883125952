import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { DeploymentSchema, type Color, type Deployment } from '../../shared';
import { baseUrl, redact } from './endpoint-url';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { prepared, previewHeaders } from '../deploys/request-preview';
import { SourceError, type DataSource, type PreparedRequest, type SwitchRequest, type SwitchResult } from './types';

const DeploymentsAnswerSchema = z.object({ deployments: z.array(DeploymentSchema) });
/** A switch answer: the deployment, and (from deployers that say) whether it moved now or replayed a key. */
const SwitchAnswerSchema = DeploymentSchema.extend({ outcome: z.enum(['switched', 'replayed']).optional() });
/** 409 from the demo deployer: the colour was live already; nothing moved. */
const AlreadyLiveSchema = z.object({ outcome: z.literal('already_live'), deployment: DeploymentSchema });

class AlreadyLive extends SourceError {
  constructor(
    sourceId: string,
    message: string,
    readonly deployment: Deployment,
  ) {
    super(sourceId, message, 'rejected');
  }
}

/**
 * A blue/green deployer over HTTP (the demo fleet's API):
 * `GET /api/deployments` and `POST /api/deployments/{service}/switch {"color"}`.
 * A switch carries an idempotency key, both as the `Idempotency-Key` header and as
 * `idempotencyKey` in the body, and who asked (`requestedBy`); the deployer does a key
 * once and answers a repeat with the first answer (`"outcome":"replayed"`), and answers a
 * switch to the colour already live with 409 `{"outcome":"already_live","deployment"}`.
 * A traffic shift is `POST /api/deployments/{service}/weights {"blue","green"}`, the same way.
 */
export function createDeployerHttpSource(config: SourceConfigOf<'deployer-http'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const http = sourceHttp(config, deps);
  const switchUrl = (service: string) => `${base}/api/deployments/${encodeURIComponent(service)}/switch`;

  async function listDeployments(signal?: AbortSignal): Promise<Deployment[]> {
    const answer = await http.json(`${base}/api/deployments`, DeploymentsAnswerSchema, { signal });
    return answer.deployments;
  }

  /** A switch, or (with `weights`) a traffic shift: `POST …/weights {"blue","green"}`. */
  function switchCall(request: SwitchRequest): { url: string; body: string } {
    const common = { idempotencyKey: request.idempotencyKey, requestedBy: request.requestedBy };
    if (request.weights) {
      return { url: `${base}/api/deployments/${encodeURIComponent(request.service)}/weights`, body: JSON.stringify({ blue: request.weights.blue, green: request.weights.green, ...common }) };
    }
    return { url: switchUrl(request.service), body: JSON.stringify({ color: request.color, ...common }) };
  }

  function checked(deployment: Deployment, service: string, color: Color): Deployment {
    if (deployment.service !== service || deployment.active !== color) {
      throw new SourceError(
        config.id,
        `${config.name} answered the switch of ${service} to ${color} with ${deployment.service} on ${deployment.active}; traffic may not have moved`,
      );
    }
    return deployment;
  }

  async function requestSwitch(request: SwitchRequest, signal?: AbortSignal): Promise<SwitchResult> {
    const { service, color } = request;
    if (!service) throw new SourceError(config.id, 'no service named for the traffic switch', 'rejected');
    const call = switchCall(request);
    try {
      const answer = await http.json(call.url, SwitchAnswerSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
        body: call.body,
        signal,
        refused: (status, reason, text) => {
          if (status !== 409) return undefined;
          const parsed = safeJson(text, AlreadyLiveSchema);
          return parsed ? new AlreadyLive(config.id, reason, parsed.deployment) : undefined;
        },
      });
      const { outcome, ...deployment } = answer;
      if (request.weights) {
        if (deployment.weights?.blue !== request.weights.blue) {
          throw new SourceError(config.id, `${config.name} answered the shift of ${service} to ${request.weights.blue}/${request.weights.green} with ${deployment.weights ? `${deployment.weights.blue}/${deployment.weights.green}` : 'no split'}; traffic may not have moved`);
        }
        return { outcome: outcome ?? 'switched', deployment };
      }
      return { outcome: outcome ?? 'switched', deployment: checked(deployment, service, color) };
    } catch (error) {
      if (error instanceof AlreadyLive) return { outcome: 'already_live', deployment: error.deployment };
      throw error;
    }
  }

  async function switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment> {
    if (!service) throw new SourceError(config.id, 'no service named for the traffic switch', 'rejected');
    const deployment = await http.json(switchUrl(service), DeploymentSchema, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ color }),
      signal,
    });
    return checked(deployment, service, color);
  }

  async function previewSwitch(request: SwitchRequest): Promise<PreparedRequest[]> {
    const headers = previewHeaders(config, { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey });
    const call = switchCall(request);
    return [prepared('POST', call.url, headers, call.body)];
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    deploys: { listDeployments, switchTraffic, requestSwitch, previewSwitch },
  };
}

function safeJson<S extends z.ZodType>(text: string, schema: S): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
