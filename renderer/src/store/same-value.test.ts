import { afterEach, describe, expect, it } from 'vitest';
import { sampleBundle } from '../test/fixtures';
import { keepIfSame, sameValue } from './same-value';
import { resetStore, useStore } from './store';

afterEach(() => resetStore());

describe('sameValue', () => {
  it('compares JSON-like values deeply, object keys in any order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(true);
  });

  it('keepIfSame returns the old value itself when nothing changed, the new one otherwise', () => {
    const prev = [{ id: 'a', at: 1 }];
    expect(keepIfSame(prev, [{ at: 1, id: 'a' }])).toBe(prev);
    const next = [{ id: 'a', at: 2 }];
    expect(keepIfSame(prev, next)).toBe(next);
  });
});

describe('deployments and incidents re-sent unchanged', () => {
  // Every chart selects these (panels/TimeseriesPanel.tsx): a new array each poll redrew all of them.
  it('keep the same arrays, and take a changed one', () => {
    const bundle = sampleBundle();
    const state = () => useStore.getState();
    state().applyDeployments({ deployments: structuredClone(bundle.deployments) });
    state().applyIncidents({ incidents: [structuredClone(bundle.incident)], timeline: structuredClone(bundle.timeline) });
    const { deployments, incidents, timeline } = state();
    expect(deployments).toHaveLength(1);

    state().applyDeployments({ deployments: structuredClone(bundle.deployments) });
    state().applyIncidents({ incidents: [structuredClone(bundle.incident)], timeline: structuredClone(bundle.timeline) });
    expect(state().deployments).toBe(deployments);
    expect(state().incidents).toBe(incidents);
    expect(state().timeline).toBe(timeline);

    const switched = bundle.deployments.map((d) => ({ ...d, active: 'blue' as const }));
    state().applyDeployments({ deployments: switched });
    expect(state().deployments).not.toBe(deployments);
    expect(state().deployments[0]?.active).toBe('blue');
    state().applyIncidents({ incidents: [{ ...bundle.incident, status: 'resolved', resolvedAt: bundle.incident.openedAt + 1000 }], timeline: structuredClone(bundle.timeline) });
    expect(state().incidents[0]?.status).toBe('resolved');
    expect(state().timeline).toBe(timeline);
  });
});
