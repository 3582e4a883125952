import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../../shared/funnel/baseline';
import { buildFunnel } from '../../../shared/funnel/funnel';
import type { Series } from '../../../shared/model/series';
import { ABNORMAL_HELP, FunnelView } from './FunnelView';
import { funnelShows } from './FunnelPanel';

const T0 = 1_700_000_040_000 - (1_700_000_040_000 % 60_000);
const STEPS = ['app_open', 'unlock_success', 'ride_start', 'ride_end'];
const LAGGING = ['ride_end'];

const minutes = (step: string, rates: number[], city = 'x'): Series => ({ name: 'city_step:ride_funnel_events:rate1m', labels: { city, step }, times: rates.map((_, i) => T0 + i * 60_000), values: rates });
/** A week earlier: unlock success 0.95, 0.96, 0.97 per minute in turn (mean 96%, σ 0.8 points); rides end as they start. */
const weekAgo = (() => {
  const unlock = Array.from({ length: 12 }, (_, i) => [0.95, 0.96, 0.97][i % 3]!);
  return [minutes('app_open', unlock.map(() => 10)), ...['unlock_success', 'ride_start', 'ride_end'].map((s) => minutes(s, unlock.map((u) => 10 * u)))];
})();
/** Now, in two cities: `unlock` of app opens unlock, and rides end `endRatio` times as often as they start. */
const now = (unlock: number, endRatio = 1) => [
  minutes('app_open', [6, 6], 'a'),
  minutes('app_open', [4, 4], 'b'),
  minutes('unlock_success', [10 * unlock, 10 * unlock]),
  minutes('ride_start', [10 * unlock, 10 * unlock]),
  minutes('ride_end', [10 * unlock * endRatio, 10 * unlock * endRatio]),
];

function render(current: Series[], baseline: Series[] | undefined) {
  const funnel = buildFunnel(current, STEPS, 'step', 60, LAGGING);
  const before = baseline ? buildFunnel(baseline, STEPS, 'step', 60, LAGGING) : undefined;
  const comparison = baseline ? compareWithBaseline(funnel, baseline, 'step', 60) : undefined;
  return renderToStaticMarkup(<FunnelView funnel={funnel} {...(before ? { baseline: before } : {})} {...(comparison ? { comparison } : {})} window="last 30 min, 14:02–14:32 local" />);
}

const abnormalSteps = (html: string) => [...html.matchAll(/data-step="([a-z_]+)" data-abnormal="true"/g)].map((m) => m[1]);

describe('the funnel panel', () => {
  it('states the window its counts cover and sums the cities per step', () => {
    const html = render(now(0.96), weekAgo);
    expect(html).toContain('Counts over the last 30 min, 14:02–14:32 local<span class="funnel__vs">, beside the same window a week earlier</span>');
    expect(html).toMatch(/data-step="app_open".*?<span class="funnel__count">1200<\/span>/);
  });

  it('highlights nothing in a normal state, and says so', () => {
    const html = render(now(0.96), weekAgo);
    expect(abnormalSteps(html)).toEqual([]);
    expect(html).not.toContain('funnel__step--worst');
    expect(html).toContain('No step is abnormal against a week earlier (below its mean − 3σ and 5 points under).');
  });

  it('highlights only the abnormal step, with its numbers in words beside the week-earlier ones', () => {
    const html = render(now(0.48), weekAgo);
    expect(abnormalSteps(html)).toEqual(['unlock_success']);
    expect(html).toContain('Abnormal: unlock success 48% vs 96% ± 0.8 a week ago.');
    expect(html).toContain('biggest abnormal drop');
    // The week-earlier column: its count (12 minutes × 10/s × 96% × 60 s) and conversion; the per-minute mean ± σ on hover.
    expect(html).toMatch(/data-step="unlock_success".*?data-testid="funnel-week" title="a week earlier: per-minute conversion 96% ± 0\.8 points over 12 minutes">6912 · 96%<\/span>/);
    expect(html).toContain(`title="${ABNORMAL_HELP.replace("'", '&#x27;')}"`);
  });

  it('with no week-earlier data says so and highlights nothing, even a collapse', () => {
    const html = render(now(0.2), []);
    expect(abnormalSteps(html)).toEqual([]);
    expect(html).toContain('No week-earlier data to compare, so no step is judged abnormal.');
  });

  it('never shows a conversion over 100% without its reason: capped, the true figure and why beside it', () => {
    const html = render(now(0.96, 1.03), weekAgo);
    expect(html).toContain('title="103% — more ride end than ride start in this window: rides that started before the window ended in it" data-testid="funnel-over">100%<sup>+</sup><span class="funnel__over-reason">103% · rides begun before the window</span>');
    expect(html).not.toMatch(/>10[1-9]%</);
    const mismatch = render([minutes('app_open', [10]), minutes('unlock_success', [11])], undefined);
    expect(mismatch).toContain('110% — counting mismatch: more unlock success than app open in this window');
    expect(mismatch).toContain('<span class="funnel__over-reason">110% · counting mismatch</span>');
  });

  it('explains the help: mean − 3σ of per-minute conversions a week earlier, and a 5-point floor', () => {
    expect(ABNORMAL_HELP).toBe(
      "A step is highlighted only when it is abnormal: its conversion over this window is below the mean minus 3 standard deviations of that step's per-minute conversions in the same window a week earlier, and at least 5 percentage points below that mean (steps with fewer than 5 baseline minutes are not judged).",
    );
  });
});

describe('funnelShows: what the funnel panel draws while its targets answer', () => {
  const state = (waiting: boolean, slowLoading: boolean, error?: string) => ({ waiting, slowLoading, ...(error ? { error } : {}) });

  it('waits, drawing nothing, for every target during the first second, then draws what it has', () => {
    expect(funnelShows(state(true, false), true, true)).toBe('nothing');
    expect(funnelShows(state(true, true), true, true)).toBe('funnel');
    expect(funnelShows(state(false, false), true, true)).toBe('funnel');
  });

  it('says Loading…, no data or the error when it has no series', () => {
    expect(funnelShows(state(true, false), false, false)).toBe('nothing');
    expect(funnelShows(state(true, true), false, false)).toBe('loading');
    expect(funnelShows(state(false, false), false, false)).toBe('empty');
    expect(funnelShows(state(false, false, 'Prometheus did not answer.'), false, false)).toBe('error');
  });
});
