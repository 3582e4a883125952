import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/api/actions';
import type { SessionInfo } from '../../../shared/api/session';
import { resetStore, useStore } from '../store/store';
import { describeAction, resultHeadline } from './describe-action';
import { actingPermission, OFFLINE_REASON, VIEWER_REASON } from './permissions';

afterEach(() => resetStore());

const record = (over: Partial<ActionRecord>): ActionRecord => ({
  actionId: 'a1',
  kind: 'acknowledge',
  summary: 'dana acknowledges UnlockLow',
  state: 'pending',
  message: 'cannot reach Alertmanager',
  at: 1_000,
  attempts: 1,
  reconciled: false,
  ...over,
});

describe('who may act', () => {
  it('lets an operator act and tells a viewer or an offline file why not', () => {
    expect(actingPermission({ readOnly: false, role: 'operator' })).toEqual({ canAct: true });
    expect(actingPermission({ readOnly: false })).toEqual({ canAct: true });
    expect(actingPermission({ readOnly: false, role: 'viewer' })).toEqual({ canAct: false, reason: VIEWER_REASON });
    expect(VIEWER_REASON).toBe('This screen is a viewer: it can look but not act');
    expect(actingPermission({ readOnly: true, role: 'operator' })).toEqual({ canAct: false, reason: OFFLINE_REASON });
    expect(actingPermission(null).canAct).toBe(false);
  });

  it('records actions under the name the host fixed, whatever was typed before', () => {
    const store = useStore.getState();
    store.setActor('someone typed');
    useStore.setState({ session: { actingAs: 'dana', defaultActor: 'dana' } as SessionInfo });
    useStore.getState().adoptDefaultActor('dana');
    expect(useStore.getState().actor).toBe('dana');
    useStore.getState().setActor('mallory');
    expect(useStore.getState().actor).toBe('dana');
  });
});

describe('pending actions', () => {
  it('says why an action waits and when it is tried next', () => {
    expect(describeAction(record({ nextAttemptAt: 13_000 }), 1_000)).toMatchObject({ label: 'pending', detail: 'Next try in 12 s (1 try so far)' });
    expect(describeAction(record({ state: 'in_doubt' }), 0)).toMatchObject({ label: 'in doubt' });
    expect(describeAction(record({ state: 'succeeded', reconciled: true }), 0).detail).toMatch(/Read back from the backend/);
  });

  it('words a queued or unknown outcome as neither success nor failure', () => {
    expect(resultHeadline('succeeded', 'Acknowledged.', 'Not acknowledged.')).toBe('Acknowledged.');
    expect(resultHeadline('pending', 'Acknowledged.', 'Not acknowledged.')).toMatch(/^Queued/);
    expect(resultHeadline('unknown', 'Acknowledged.', 'Not acknowledged.')).toMatch(/^Outcome unknown/);
  });

  it('keeps the list the host sends', () => {
    useStore.getState().applyActions([record({})], true);
    expect(useStore.getState()).toMatchObject({ actions: [expect.objectContaining({ actionId: 'a1' })], actionsPushed: true });
  });
});
