import type { Fleet } from '../fleet/fleet';
import { LastSeenText } from './last-seen';
import { createFleetRegistry } from './registry';

export interface FleetExporter {
  contentType: string;
  metrics(): Promise<string>;
}

const EOF_LINE = '# EOF\n';

/**
 * The fleet's /metrics: prom-client's registry (registry.ts) plus the per-lock last-seen
 * family, which is written directly (last-seen.ts) and goes before OpenMetrics' closing `# EOF`.
 */
export function createFleetExporter(fleet: Fleet): FleetExporter {
  const registry = createFleetRegistry(fleet);
  const lastSeen = new LastSeenText(fleet);
  return {
    contentType: registry.contentType,
    async metrics() {
      const text = await registry.metrics();
      const body = text.endsWith(EOF_LINE) ? text.slice(0, -EOF_LINE.length) : text;
      return body + lastSeen.text() + EOF_LINE;
    },
  };
}
