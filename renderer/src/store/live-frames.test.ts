import { afterEach, describe, expect, it, vi } from 'vitest';
import { diffFrames, toFullFrame } from '../../../shared/model/live-frame';
import { seriesFromColumns } from '../../../shared/model/series';
import { createBundleClient } from '../api/bundle-client';
import { sampleBundle } from '../test/fixtures';
import { resetStore, useStore } from './store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
afterEach(() => resetStore());

const frameAt = (start: number, values: (number | null)[], seq: number) =>
  toFullFrame(
    { series: [seriesFromColumns('up', { job: 'lock' }, values.map((_, i) => start + i * 1000), values.map((v) => v ?? NaN))], fetchedAt: seq, warnings: [] },
    start,
    1000,
    values.length,
    seq,
  )!;

describe('live frames in the store', () => {
  it('applies a full frame, then a delta on it; a delta on another base asks for full frames and keeps the chart', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    await settle();
    const call = vi.spyOn(useStore.getState().client!, 'call');
    const { applyQueryResult } = useStore.getState();
    const one = frameAt(0, [1, 2, 3], 7);
    const two = frameAt(1000, [2, 3, Infinity], 8);
    applyQueryResult({ queryId: 'p/A', frame: one, at: 1 });
    applyQueryResult({ queryId: 'p/A', frame: diffFrames(one, two), at: 2 });
    const shown = useStore.getState().live['p/A']!;
    expect(shown.result!.series[0]).toMatchObject({ times: [1000, 2000, 3000], values: [2, 3, null], posInf: [2] });
    expect(shown.frame?.seq).toBe(8);
    expect(call).not.toHaveBeenCalled();

    // Frame 9 never arrived: the delta on it is refused, the chart stays at frame 8, and the console re-subscribes.
    const three = frameAt(2000, [3, Infinity, 4], 9);
    const four = frameAt(3000, [Infinity, 4, 5], 10);
    applyQueryResult({ queryId: 'p/A', frame: diffFrames(three, four), at: 3 });
    expect(useStore.getState().live['p/A']).toBe(shown);
    expect(call.mock.calls.map((c) => c[0])).toEqual(['setLiveQueries']);
  });
});
