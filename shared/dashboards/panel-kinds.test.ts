import { describe, expect, it } from 'vitest';
import { PANEL_KIND_NAMES, panelKind, takesMetricTargets } from './panel-kinds';

describe('panel-kind registry', () => {
  it('lists the kinds Lockstep draws, and which read metric targets', () => {
    expect(PANEL_KIND_NAMES).toEqual(['timeseries', 'funnel', 'logs', 'deployments', 'stat']);
    expect(PANEL_KIND_NAMES.filter(takesMetricTargets)).toEqual(['timeseries', 'funnel', 'stat']);
    expect(takesMetricTargets('heatmap')).toBe(false);
    expect(panelKind('toString')).toBeUndefined();
  });

  it('reads each kind’s options with its own schema, falling back per option', () => {
    expect(panelKind('logs')!.optionsSchema.parse({ query: 7, limit: 9999 })).toEqual({ query: '', limit: 5000 });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a', 1] })).toEqual({ steps: ['a'], label: 'step', lagging: [] });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a'], lagging: ['a', 2], baselineRefId: 'B' })).toEqual({ steps: ['a'], label: 'step', lagging: ['a'], baselineRefId: 'B' });
    expect(panelKind('funnel')!.optionsSchema.parse({ steps: ['a'], lagging: 'x', baselineRefId: 7 })).toEqual({ steps: ['a'], label: 'step', lagging: [] });
  });
});
