import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../shared/model/deploy';
import { releaseMarks } from './release-marks';

const deployment: Deployment = {
  service: 'lock-service',
  active: 'blue',
  colors: { blue: { version: '2.4.0' }, green: { version: '2.4.1' } },
  switchedAt: 3_000,
  history: [
    { at: 1_000, from: 'blue', to: 'green', version: '2.4.1', fromVersion: '2.4.0', by: 'pipeline' },
    { at: 3_000, from: 'green', to: 'blue', version: '2.4.0', fromVersion: '2.4.1', by: 'ana' },
  ],
};

describe('releaseMarks', () => {
  it('names the release and the switch back inside the range, oldest first', () => {
    const marks = releaseMarks([deployment], 0, 5_000);
    expect(marks.map((m) => [m.time, m.kind, m.service, m.version])).toEqual([
      [1_000, 'release', 'lock-service', '2.4.1'],
      [3_000, 'rollback', 'lock-service', '2.4.0'],
    ]);
    expect(marks[0]!.title).toBe('lock-service 2.4.1 went live (blue → green) by pipeline');
    expect(marks[1]!.title).toBe('lock-service 2.4.0: switched back (green → blue)');
  });

  it('leaves out switches outside the range, and draws nothing without one', () => {
    expect(releaseMarks([deployment], 2_000, 5_000).map((m) => m.time)).toEqual([3_000]);
    expect(releaseMarks([deployment], undefined, 5_000)).toEqual([]);
  });

  it('falls back to the one switch a deployer without history reports', () => {
    const bare: Deployment = { service: 'ride-service', active: 'green', colors: { green: { version: '9.1' } }, switchedAt: 4_000 };
    expect(releaseMarks([bare], 0, 5_000)).toMatchObject([{ time: 4_000, kind: 'release', service: 'ride-service', version: '9.1' }]);
  });
});
