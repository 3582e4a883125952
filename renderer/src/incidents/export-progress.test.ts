import { describe, expect, it } from 'vitest';
import { LockstepApiError } from '../../../shared/api/contract';
import { ALL } from '../../../shared/dashboards/variables';
import { createBundleClient } from '../api/bundle-client';
import { sampleBundle } from '../test/fixtures';
import { exportContext } from './export-request';
import { byteSize } from '../support/byte-size';
import { exportFraction, exportPhaseWords } from './export-progress-words';

describe('export progress in words', () => {
  it('says the phase with its counts, and the size at the end', () => {
    expect(exportPhaseWords({ exportId: 'x', phase: 'traces', done: 120, total: 480 })).toBe('fetching traces 120 of 480');
    expect(exportPhaseWords({ exportId: 'x', phase: 'panels', done: 3, total: 1200 })).toBe('fetching panel data 3 of 1,200');
    expect(exportPhaseWords({ exportId: 'x', phase: 'done', done: 1, total: 1, bytes: 4_240_000 })).toBe('file of 4.2 MB');
    expect(byteSize(830_400)).toBe('830 kB');
  });

  it('fills the bar phase after phase, never going back', () => {
    const steps = [
      { phase: 'panels', done: 0, total: 10 },
      { phase: 'panels', done: 10, total: 10 },
      { phase: 'alerts', done: 1, total: 1 },
      { phase: 'logs', done: 5, total: 10 },
      { phase: 'traces', done: 240, total: 480 },
      { phase: 'sealing', done: 0, total: 1 },
      { phase: 'done', done: 1, total: 1 },
    ] as const;
    const fractions = steps.map((s) => exportFraction({ exportId: 'x', ...s }));
    expect(fractions.map((f) => Math.round(f * 1000) / 1000)).toEqual([0, 0.3, 0.35, 0.45, 0.725, 0.9, 1]);
  });
});

describe('exportContext', () => {
  it('names the dashboard on screen, its variables as chosen (All with the values it stood for) and the width', () => {
    const context = exportContext(sampleBundle().dashboard, { city: { selected: [ALL], options: ['Oslo', 'Rome'] }, service: { selected: ['lock-service'], options: ['lock-service', 'gateway'] } }, 1919.6);
    expect(context).toEqual({ dashboardId: 'war-room', variables: { city: [ALL, 'Oslo', 'Rome'], service: ['lock-service'] }, widthPx: 1920 });
  });
});

describe('a trace left out by the cap', () => {
  it('is said to be left out by the cap, with the counts, not as an error to retry', async () => {
    const client = createBundleClient({ ...sampleBundle(), caps: { traces: { included: 500, referenced: 731, cap: 500 } } }, 'inc.lockstep.json');
    const error = await client.call('getTrace', { traceId: 'ffff' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockstepApiError);
    expect((error as LockstepApiError).message).toBe('Trace ffff is not in this incident file: 500 of 731 traces included (cap 500).');
  });
});
