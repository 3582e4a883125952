import { describe, expect, it } from 'vitest';
import { PANEL_KIND_NAMES, panelKind, takesMetricTargets } from './panel-kinds';

describe('panel-kind registry', () => {
  it('lists the kinds Lockstep draws, and which read metric targets', () => {
    expect(PANEL_KIND_NAMES).toEqual(['timeseries', 'funnel', 'logs', 'deployments', 'stat', 'heatgrid', 'toplist', 'bars']);
    expect(PANEL_KIND_NAMES.filter(takesMetricTargets)).toEqual(['timeseries', 'funnel', 'stat', 'heatgrid', 'toplist', 'bars']);
    expect(takesMetricTargets('heatmap')).toBe(false);
    expect(panelKind('toString')).toBeUndefined();
  });

  it('reads each kind’s options with its own schema, falling back per option', () => {
    expect(panelKind('logs')!.optionsSchema.parse({ query: 7, limit: 9999 })).toEqual({ query: '', limit: 5000 });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a', 1] })).toEqual({ steps: ['a'], label: 'step', lagging: [] });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a'], lagging: ['a', 2], baselineRefId: 'B' })).toEqual({ steps: ['a'], label: 'step', lagging: ['a'], baselineRefId: 'B' });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a'], lagging: 'x', baselineRefId: 7 })).toEqual({ steps: ['a'], label: 'step', lagging: [] });
        expect(panelKind('heatgrid')!.optionsSchema.parse({ rowLabel: 'ci ty', columns: [{ refId: 'A', unit: 'percent', badWhen: 'below', bad: 0.8 }, { title: 'no refId' }], maxRows: 1e6 })).toEqual({
      rowLabel: 'city',
      columns: [{ refId: 'A', unit: 'percent', badWhen: 'below', bad: 0.8 }],
      sortWorstFirst: true,
      staleSeconds: 120,
      maxRows: 60,
    });
    expect(panelKind('toplist')!.optionsSchema.parse({ columns: ['city', '"><img>', 3], limit: 0, unit: 'furlongs' })).toMatchObject({ columns: ['city'], limit: 1, unit: 'none', order: 'desc' });
    expect(panelKind('bars')!.optionsSchema.parse({ mode: 'pie', maxBars: 99 })).toMatchObject({ mode: 'mix', label: 'le', maxBars: 20 });
  });
});
