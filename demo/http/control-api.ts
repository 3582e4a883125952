import { z } from 'zod';
import { ColorSchema } from '../../shared';
import { UnknownServiceError } from '../fleet/deployer';
import type { Fleet } from '../fleet/fleet';
import { UnknownIncidentError } from '../fleet/incidents';
import { json, type Reply } from './reply';

const SwitchBody = z.object({ color: z.string() });

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
      return json(200, fleet.deployer.switchTraffic(service, color.data));
    } catch (e) {
      if (e instanceof UnknownServiceError) return json(404, { error: e.message });
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
