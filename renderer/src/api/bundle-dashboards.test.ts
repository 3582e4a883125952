import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/api/contract';
import { sampleBundle } from '../test/fixtures';
import { createBundleClient } from './bundle-client';

describe('an incident file carrying the dashboard on screen at export', () => {
  const base = sampleBundle();
  const onScreen = { ...base.dashboard, id: 'checkout', title: 'Checkout', panels: [{ ...base.dashboard.panels[0]!, id: 'online' }] };
  const bundle = {
    ...base,
    otherDashboards: [{ dashboard: onScreen, panelData: { 'online/A': { series: [{ name: 'y', labels: {}, times: [1], values: [42] }], fetchedAt: 1, warnings: [] } } }],
  };

  it('lists both dashboards and answers the panels of the one shown from its own data', async () => {
    const client = createBundleClient(bundle, 'inc.lockstep.json');
    expect((await client.call('listDashboards', {})).dashboards.map((d) => d.id)).toEqual(['war-room', 'checkout']);
    const seen: EventOf<'queryResult'>[] = [];
    client.on('queryResult', (e) => seen.push(e));
    const ask = async () => {
      await client.call('setLiveQueries', { queries: [{ id: 'online/A', expr: 'city:lock_online:ratio', rangeSeconds: 600, stepSeconds: 5, refreshSeconds: 5 }] });
      await Promise.resolve();
      return seen.at(-1)?.result?.series[0]?.values;
    };
    expect(await ask()).toEqual([0.9, null]);
    expect((await client.call('getDashboard', { id: 'checkout' })).dashboard.title).toBe('Checkout');
    expect(await ask()).toEqual([42]);
    await expect(client.call('getDashboard', { id: 'nope' })).rejects.toMatchObject({ code: 'not_found', message: 'This incident file holds only the dashboards "War room" and "Checkout".' });
  });
});
