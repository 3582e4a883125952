import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Panel } from '../../../shared/model/dashboard';
import { panelFor } from './registry';
import { StatNumbers, StatPanel } from './StatPanel';
import { finiteSamples, reduceSeries, sparklinePoints, StatOptionsSchema, thresholdColor } from './stat-math';

const T0 = 1_700_000_000_000;
const panel: Panel = {
  id: 'success',
  kind: 'stat',
  title: 'Unlock success',
  grid: { x: 0, y: 0, w: 6, h: 4 },
  targets: [{ refId: 'A', expr: 'x' }],
  options: { unit: 'percent', base: 'bad', thresholds: [{ value: 0.99, color: 'ok' }, { value: 0.95, color: 'warn' }] },
};

describe('stat math', () => {
  const options = StatOptionsSchema.parse(panel.options);

  it('sorts the steps and takes the colour of the highest one reached', () => {
    expect(options.thresholds.map((t) => t.value)).toEqual([0.95, 0.99]);
    expect(thresholdColor(0.9, options)).toBe('bad');
    expect(thresholdColor(0.95, options)).toBe('warn');
    expect(thresholdColor(0.995, options)).toBe('ok');
    expect(thresholdColor(undefined, options)).toBe('muted');
  });

  it('reduces only finite samples; a typo in an option falls back on its own', () => {
    const samples = finiteSamples({ name: 'x', labels: {}, times: [1, 2, 3, 4], values: [2, null, 4, null], posInf: [3] });
    expect(samples).toEqual([2, 4]);
    expect(reduceSeries(samples, 'last')).toBe(4);
    expect(reduceSeries(samples, 'mean')).toBe(3);
    expect(reduceSeries([], 'last')).toBeUndefined();
    expect(StatOptionsSchema.parse({ reduce: 'median', unit: 'parsecs', thresholds: 'x' })).toEqual({ unit: 'none', reduce: 'last', base: 'ok', thresholds: [] });
  });

  it('draws the sparkline across the box, lowest sample at the bottom', () => {
    expect(sparklinePoints([1])).toBe('');
    expect(sparklinePoints([0, 10])).toBe('0.00,29.00 100.00,1.00');
  });
});

describe('StatNumbers', () => {
  it('shows the newest value big, in its threshold colour, with a sparkline; a label per series when several', () => {
    const options = StatOptionsSchema.parse(panel.options);
    const one = renderToStaticMarkup(<StatNumbers options={options} series={[{ name: 'ok', labels: {}, times: [T0 - 2000, T0 - 1000, T0], values: [0.97, 0.98, 0.962] }]} />);
    expect(one).toContain('data-color="warn"');
    expect(one).toMatch(/data-testid="stat-value">96%</);
    expect(one).toMatch(/<polyline points="0\.00,[\d.]+ 50\.00,[\d.]+ 100\.00,[\d.]+"/);
    expect(one).not.toContain('stat__label');
    const two = renderToStaticMarkup(
      <StatNumbers
        options={options}
        series={[
          { name: 'ok', labels: { city: 'oslo' }, times: [T0], values: [0.999] },
          { name: 'ok', labels: { city: 'rome' }, times: [T0], values: [null] },
        ]}
      />,
    );
    expect([...two.matchAll(/data-color="(\w+)"/g)].map((m) => m[1])).toEqual(['ok', 'muted']);
    expect(two).toContain('>oslo</');
    expect(two).toMatch(/data-testid="stat-value">–</);
  });

  it('is the registered component for kind "stat"', () => {
    expect(panelFor('stat')).toBe(StatPanel);
  });
});
