import { z } from 'zod';
import { DeploymentSchema, type Color, type Deployment } from '../../shared';
import type { SourceConfigOf, WebhookTemplate } from '../config/sources';
import { prepared, previewHeaders } from '../deploys/request-preview';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource, type PreparedRequest, type SwitchRequest, type SwitchResult } from './types';

const DeploymentsAnswerSchema = z.object({ deployments: z.array(DeploymentSchema) });

type Vars = Record<'service' | 'color' | 'idempotencyKey' | 'requestedBy' | 'blueWeight' | 'greenWeight', string>;

const fill = (template: string, vars: Vars, encode: (value: string) => string) =>
  template.replace(/\{\{\s*(service|color|idempotencyKey|requestedBy|blueWeight|greenWeight)\s*\}\}/g, (_m, name: keyof Vars) => encode(vars[name]));
/** Inside a JSON string: the value without its quotes. */
const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);
/** A header value can hold no line break, whatever was filled in. */
const headerSafe = (value: string) => value.replace(/[\r\n\0]/g, ' ');

export interface WebhookRequest {
  method: WebhookTemplate['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The switch request a webhook template makes for one switch (credential not included: see `auth`). */
export function webhookRequest(base: string, template: WebhookTemplate, request: SwitchRequest): WebhookRequest {
  // Weights are numbers the request validated (0–100), so they fill JSON as bare numbers.
  const vars: Vars = {
    service: request.service,
    color: request.color,
    idempotencyKey: request.idempotencyKey,
    requestedBy: request.requestedBy,
    blueWeight: String(request.weights?.blue ?? ''),
    greenWeight: String(request.weights?.green ?? ''),
  };
  const headers: Record<string, string> = { 'idempotency-key': request.idempotencyKey };
  if (template.body !== undefined) headers['content-type'] = 'application/json';
  for (const [name, value] of Object.entries(template.headers ?? {})) headers[name.toLowerCase()] = headerSafe(fill(value, vars, (v) => v));
  return {
    method: template.method,
    url: `${base}${fill(template.path, vars, encodeURIComponent)}`,
    headers,
    ...(template.body !== undefined ? { body: fill(template.body, vars, jsonEscape) } : {}),
  };
}

/**
 * A generic deploy webhook: the switch is one templated request (method, path, headers,
 * body, expected statuses), signed with the source's stored credential; the state is read
 * from `deploymentsPath` in the demo deployer's shape. The webhook itself says nothing
 * about what moved, so after an accepted answer the state is read back: the switch is
 * reported as done only when the deployer lists the colour live.
 */
export function createWebhookDeployerSource(config: SourceConfigOf<'deploy-webhook'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const http = sourceHttp(config, deps);

  async function listDeployments(signal?: AbortSignal): Promise<Deployment[]> {
    const answer = await http.json(`${base}${config.deploymentsPath}`, DeploymentsAnswerSchema, { signal });
    return answer.deployments;
  }

  /** The template for this request: a shift needs the `shift` template, a switch the `switch` one. */
  function templateFor(request: SwitchRequest): WebhookTemplate {
    if (!request.weights) return config.switch;
    if (!config.shift) throw new SourceError(config.id, `${config.name} has no traffic-shift template (\`shift\` in its config), so it cannot split traffic; switch ${request.service} whole instead`, 'rejected');
    return config.shift;
  }

  const sameWeights = (d: Deployment | undefined, weights: NonNullable<SwitchRequest['weights']>) => d?.weights?.blue === weights.blue && d.weights.green === weights.green;

  async function requestSwitch(request: SwitchRequest, signal?: AbortSignal): Promise<SwitchResult> {
    const template = templateFor(request);
    const before = (await listDeployments(signal)).find((d) => d.service === request.service);
    if (!before) throw new SourceError(config.id, `${config.name} lists no deployment named "${request.service}"`, 'not_found');
    if (request.weights ? sameWeights(before, request.weights) : before.active === request.color) return { outcome: 'already_live', deployment: before };
    const r = webhookRequest(base, template, request);
    const answer = await http.text(r.url, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}), signal });
    const what = request.weights ? `the shift of ${request.service} to blue ${request.weights.blue}% / green ${request.weights.green}%` : `the switch of ${request.service} to ${request.color}`;
    if (!template.expectStatus.includes(answer.status)) {
      const reason = answer.text.trim().split('\n')[0]?.slice(0, 300) || 'no reason given';
      throw new SourceError(
        config.id,
        `${config.name} answered ${what} with ${answer.status} (expected ${template.expectStatus.join(' or ')}): ${reason}`,
        answer.status >= 400 && answer.status < 500 ? (answer.status === 404 ? 'not_found' : 'rejected') : 'bad_response',
      );
    }
    const after = (await listDeployments(signal)).find((d) => d.service === request.service);
    if (request.weights && !sameWeights(after, request.weights)) {
      // Accepted, but the deployer does not (yet) list those shares: unclear, so it is read back before deciding.
      const listed = after?.weights ? `blue ${after.weights.blue}% / green ${after.weights.green}%` : 'no traffic shares';
      throw new SourceError(config.id, `${config.name} accepted ${what} but lists ${listed}`, 'timeout');
    }
    if (!request.weights && (!after || after.active !== request.color)) {
      // Accepted but not (yet) live: said as unclear, so the rollback reads the state again before deciding.
      throw new SourceError(config.id, `${config.name} accepted ${what} but still lists ${after?.active ?? 'nothing'} live`, 'timeout');
    }
    return { outcome: 'switched', deployment: after! };
  }

  async function switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment> {
    const key = `manual-${service}-${color}-${Date.now()}`;
    return (await requestSwitch({ service, color, idempotencyKey: key, requestedBy: 'Lockstep' }, signal)).deployment;
  }

  async function previewSwitch(request: SwitchRequest): Promise<PreparedRequest[]> {
    const r = webhookRequest(base, templateFor(request), request);
    return [prepared(r.method, r.url, previewHeaders(config, r.headers), r.body)];
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    deploys: { listDeployments, switchTraffic, requestSwitch, previewSwitch },
  };
}
