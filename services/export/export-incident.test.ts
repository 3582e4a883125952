import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { panelDataKey, type RpcReply } from '../../shared';
import type { ClientSession } from '../core/client';
import { servicesFrom } from '../core/create-services';
import type { LockstepServices } from '../core/lockstep-services';
import { type DataSource, SourceError } from '../datasources/types';
import { firingAlert } from '../../testing/alerts';
import { bundleOfExport } from '../../testing/incident-file';

const firing = firingAlert();

/** Alerts work, but the metrics backend is down: the export must still be made, saying what is missing. */
const alertsOnly: DataSource = {
  id: 'am',
  kind: 'alertmanager',
  name: 'Alertmanager',
  alerts: {
    listAlerts: async () => [firing],
    listSilences: async () => [],
    createSilence: async () => ({ silenceId: 's1' }),
  },
};
const brokenMetrics: DataSource = {
  id: 'prom',
  kind: 'prometheus',
  name: 'Prometheus',
  metrics: {
    queryRange: async () => {
      throw new SourceError('prom', 'cannot reach 127.0.0.1:9090: connection refused (is it running?)', 'unreachable');
    },
  },
};

let services: LockstepServices | undefined;
afterEach(async () => services?.close());

describe('exportIncident', () => {
  it('exports what it can when a panel’s source is down, with the reason in that panel’s warnings', async () => {
    services = servicesFrom([alertsOnly, brokenMetrics], { mode: 'custom', alertPollSeconds: 1 }, {
      dataDir: mkdtempSync(join(tmpdir(), 'lockstep-export-')),
      version: 't',
      defaultActor: 'tester',
    });
    const client: ClientSession = { id: 'c', send: () => {} };
    const call = async (method: 'listIncidents' | 'exportIncident', request: unknown) => {
      const reply: RpcReply = await services!.handle(method, request, client);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as never;
    };
    let incidentId: string | undefined;
    for (let i = 0; i < 50 && !incidentId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      incidentId = ((await call('listIncidents', {})) as { incidents: { id: string }[] }).incidents[0]?.id;
    }
    expect(incidentId).toBeDefined();

    const parsed = await bundleOfExport(await call('exportIncident', { incidentId, exportedBy: 'ana' }));
    expect(parsed.alerts.map((a) => a.fingerprint)).toEqual(['f1']);
    expect(parsed.timeline.map((e) => e.kind)).toContain('incident_opened');
    const panel = parsed.panelData[panelDataKey('fleet-online', 'A')];
    expect(panel?.series).toEqual([]);
    expect(panel?.warnings[0]).toMatch(/^Not exported: cannot reach 127\.0\.0\.1:9090/);
    expect(parsed.logs).toEqual([]);
    expect(parsed.traces).toEqual([]);
  });

  it('refuses an unknown incident in plain words', async () => {
    services = servicesFrom([alertsOnly], { mode: 'custom', alertPollSeconds: 60 }, {
      dataDir: mkdtempSync(join(tmpdir(), 'lockstep-export-')),
      version: 't',
      defaultActor: 'tester',
    });
    const reply = await services.handle('exportIncident', { incidentId: 'nope', exportedBy: 'ana' }, { id: 'c', send: () => {} });
    expect(reply).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no incident "nope".' } });
  });
});
