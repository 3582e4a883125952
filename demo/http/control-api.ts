import { z } from 'zod';
import { ColorSchema } from '../../shared';
import { IdempotencyConflictError, UnknownServiceError } from '../fleet/deployer';
import type { Fleet } from '../fleet/fleet';
import { UnknownIncidentError } from '../fleet/incidents';
import { json, type Reply } from './reply';

/**
 * `idempotencyKey` (also accepted as the Idempotency-Key header by deployers that read
 * headers; this one is handed the body only): the same key switches once, and a repeat
 * gets the first answer. `requestedBy` goes into the deployer's switch history.
 */
const WeightsBody = z
  .object({
    blue: z.number().int().min(0).max(100),
    green: z.number().int().min(0).max(100),
    idempotencyKey: z.string().min(8).max(200).optional(),
    requestedBy: z.string().min(1).max(200).optional(),
  })
  .refine((w) => w.blue + w.green === 100, 'blue and green must add up to 100');

const SwitchBody = z.object({
  color: z.string(),
  idempotencyKey: z.string().min(8).max(200).optional(),
  requestedBy: z.string().min(1).max(200).optional(),
});

/** Deployer and incident controls: what an on-call (or a test) pushes on. */
export function controlApi(fleet: Fleet, method: string, path: string, body: string): Reply | undefined {
  if (path === '/api/deployments' && method === 'GET') return json(200, { deployments: fleet.deployer.list() });
  const sw = /^\/api\/deployments\/([^/]+)\/switch$/.exec(path);
  if (sw && method === 'POST') {
    const service = decodeURIComponent(sw[1] ?? '');
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return json(400, { error: 'the body must be JSON like {"color":"blue"}' });
    }
    const parsed = SwitchBody.safeParse(raw);
    if (!parsed.success) return json(400, { error: 'the body must be JSON like {"color":"blue"}' });
    const color = ColorSchema.safeParse(parsed.data.color);
    if (!fleet.deployer.services().includes(service)) return json(404, { error: `no deployment named "${service}"` });
    if (!color.success) return json(400, { error: `"${parsed.data.color}" is not a colour: use "blue" or "green"` });
    try {
      const answer = fleet.deployer.requestSwitch(service, color.data, { key: parsed.data.idempotencyKey, by: parsed.data.requestedBy });
      if (answer.outcome === 'already_live') {
        const version = answer.deployment.colors[color.data]?.version;
        return json(409, {
          error: `${service} already serves from ${color.data}${version ? ` (${version})` : ''}; nothing was switched`,
          outcome: answer.outcome,
          deployment: answer.deployment,
        });
      }
      return json(200, { ...answer.deployment, outcome: answer.outcome });
    } catch (e) {
      if (e instanceof UnknownServiceError) return json(404, { error: e.message });
      if (e instanceof IdempotencyConflictError) return json(422, { error: e.message });
      throw e;
    }
  }
  const shift = /^\/api\/deployments\/([^/]+)\/weights$/.exec(path);
  if (shift && method === 'POST') {
    const service = decodeURIComponent(shift[1] ?? '');
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return json(400, { error: 'the body must be JSON like {"blue":40,"green":60}' });
    }
    const parsed = WeightsBody.safeParse(raw);
    if (!parsed.success) return json(400, { error: `the body must be JSON like {"blue":40,"green":60}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    if (!fleet.deployer.services().includes(service)) return json(404, { error: `no deployment named "${service}"` });
    try {
      const { blue, green } = parsed.data;
      const answer = fleet.deployer.requestWeights(service, { blue, green }, { key: parsed.data.idempotencyKey, by: parsed.data.requestedBy });
      if (answer.outcome === 'already_live') {
        return json(409, { error: `${service} already sends ${blue}% to blue and ${green}% to green; nothing was changed`, outcome: answer.outcome, deployment: answer.deployment });
      }
      return json(200, { ...answer.deployment, outcome: answer.outcome });
    } catch (e) {
      if (e instanceof IdempotencyConflictError) return json(422, { error: e.message });
      throw e;
    }
  }
  if (path === '/api/incidents' && method === 'GET') return json(200, { active: fleet.activeIncidents(), names: [...fleet.incidentNames] });
  const inc = /^\/api\/incidents\/([^/]+)$/.exec(path);
  if (inc && method === 'POST') {
    try {
      return json(200, fleet.triggerIncident(decodeURIComponent(inc[1] ?? '')));
    } catch (e) {
      if (e instanceof UnknownIncidentError) return json(404, { error: e.message });
      throw e;
    }
  }
  return undefined;
}
