import type { ActionRecord } from '../../../shared/api/actions';

export interface ActionView {
  label: string;
  chip: string;
  /** When the next try is, or how the outcome was learnt. */
  detail?: string;
}

/** Words and colour for one action in the pending list. */
export function describeAction(action: ActionRecord, now: number): ActionView {
  switch (action.state) {
    case 'pending': {
      const tries = action.attempts > 0 ? ` (${action.attempts} ${action.attempts === 1 ? 'try' : 'tries'} so far)` : '';
      if (action.nextAttemptAt === undefined) return { label: 'pending', chip: 'chip--warn', detail: `Trying now${tries}` };
      const seconds = Math.max(0, Math.ceil((action.nextAttemptAt - now) / 1000));
      return { label: 'pending', chip: 'chip--warn', detail: seconds > 0 ? `Next try in ${seconds} s${tries}` : `Trying now${tries}` };
    }
    case 'in_doubt':
      return { label: 'in doubt', chip: 'chip--bad', detail: 'Lockstep could not tell whether this took effect: check before doing it again.' };
    case 'succeeded':
      return { label: 'done', chip: 'chip--ok', detail: action.reconciled ? 'Read back from the backend after a restart or a lost answer; not sent again.' : 'Sent when the backend came back.' };
    case 'failed':
      return { label: 'failed', chip: 'chip--bad' };
  }
}

/**
 * The first words of an action's reply in a dialog, by outcome: `done` is what succeeded
 * reads as ("Acknowledged."), `notDone` what a failure reads as ("Not acknowledged.").
 */
export function resultHeadline(status: 'succeeded' | 'failed' | 'pending' | 'unknown', done: string, notDone: string): string {
  switch (status) {
    case 'succeeded':
      return done;
    case 'failed':
      return notDone;
    case 'pending':
      return 'Queued: the backend cannot be reached now; Lockstep keeps trying and shows it under Actions pending.';
    case 'unknown':
      return 'Outcome unknown: check before trying again (shown under Actions pending).';
  }
}
