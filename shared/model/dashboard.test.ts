import { describe, expect, it } from 'vitest';
import { panelOptions } from './dashboard';

describe('panelOptions', () => {
  it('reads a logs panel’s query and limit, clamping the limit and defaulting what is missing or malformed', () => {
    expect(panelOptions({ options: { query: '{level="error"}', limit: 50 } }, 'logs')).toEqual({ query: '{level="error"}', limit: 50 });
    expect(panelOptions({ options: { query: '{a="b"}', limit: 99_999 } }, 'logs').limit).toBe(5000);
    expect(panelOptions({ options: { limit: 0 } }, 'logs')).toEqual({ query: '', limit: 1 });
    expect(panelOptions({ options: { query: 42, limit: 'many' } }, 'logs')).toEqual({ query: '', limit: 200 });
  });

  it('reads a timeseries panel’s unit, bounds and threshold, one bad option at a time', () => {
    expect(panelOptions({ options: { unit: 'percent', min: 0, max: 1, threshold: { value: 0.9, below: true } } }, 'timeseries')).toEqual({
      unit: 'percent',
      min: 0,
      max: 1,
      threshold: { value: 0.9, below: true },
      stacked: false,
    });
    expect(panelOptions({ options: { unit: 'furlongs', min: 'low', max: 2, threshold: { value: 'x' }, stacked: 'yes' } }, 'timeseries')).toEqual({
      unit: 'none',
      min: undefined,
      max: 2,
      threshold: undefined,
      stacked: false,
    });
    expect(panelOptions({ options: { unit: 'reqps', stacked: true } }, 'timeseries')).toMatchObject({ unit: 'reqps', stacked: true });
    expect(panelOptions({ options: { threshold: { value: 5 } } }, 'timeseries').threshold).toEqual({ value: 5, below: false });
  });

  it('reads a funnel panel’s steps (strings only) and label', () => {
    expect(panelOptions({ options: { steps: ['app_open', 3, 'unlock'], label: 'stage' } }, 'funnel')).toEqual({ steps: ['app_open', 'unlock'], label: 'stage', lagging: [] });
    expect(panelOptions({ options: { steps: 'app_open' } }, 'funnel')).toEqual({ steps: [], label: 'step', lagging: [] });
  });
});
