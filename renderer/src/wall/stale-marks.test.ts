import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/api/session';
import { alertsRefreshSeconds } from './stale-marks';

/** Only its refresh is read. */
const dashboard = { refreshSeconds: 5 } as SessionInfo['dashboard'];

describe('how often the alerts list is expected to change', () => {
  it('is the host\'s Alertmanager poll, not the dashboard\'s refresh: a 30 s poll is not STALE at 15 s', () => {
    expect(alertsRefreshSeconds({ alertPollSeconds: 30, dashboard })).toBe(30);
  });

  it('is never shorter than the dashboard\'s refresh: a 1 s poll keeps the 5 s dashboard\'s period', () => {
    expect(alertsRefreshSeconds({ alertPollSeconds: 1, dashboard })).toBe(5);
  });

  it('falls back on the dashboard\'s refresh for a host too old to say, and on 5 s with no session', () => {
    expect(alertsRefreshSeconds({ dashboard })).toBe(5);
    expect(alertsRefreshSeconds(null)).toBe(5);
  });
});
