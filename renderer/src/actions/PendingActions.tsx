import { memo, useEffect } from 'react';
import type { ActionRecord } from '../../../shared/api/actions';
import { formatAge } from '../panels/format';
import { useTimeFormat } from '../support/use-time-format';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { describeAction } from './describe-action';

/** While the host does not push `actions` events (an older host), the list is asked for this often. */
const POLL_MS = 10_000;

/**
 * Actions whose end the person did not see in a reply: queued while a backend is down
 * (with the reason and the next try), in doubt after a crash or a timeout, and what they
 * came to (sent later, or read back from the backend). Hidden while there are none.
 */
export const PendingActions = memo(function PendingActions() {
  const actions = useStore((s) => s.actions);
  // The clock only while there is an age to show: hidden, the list has no reason to redraw each second.
  const now = useStore((s) => (s.actions.length > 0 ? s.now : 0));
  useActionsFeed();
  if (actions.length === 0) return null;
  const open = actions.filter((a) => a.state === 'pending' || a.state === 'in_doubt').length;
  return (
    <section className="side-card pending-actions" aria-label="Pending actions" data-testid="pending-actions">
      <header className="side-card__head">
        <h2>
          Actions {open > 0 ? 'pending' : 'settled later'} <span className="count">{open}</span>
        </h2>
      </header>
      <ol className="pad" style={{ listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 6 }}>
        {actions.map((action) => (
          <ActionItem key={action.actionId} action={action} now={now} />
        ))}
      </ol>
    </section>
  );
});

function ActionItem({ action, now }: { action: ActionRecord; now: number }) {
  const time = useTimeFormat();
  const view = describeAction(action, now);
  return (
    <li data-testid="pending-action" data-state={action.state} data-reconciled={action.reconciled ? 'true' : 'false'}>
      <div className="alert__row">
        <span className={`chip ${view.chip}`}>{view.label}</span>
        <strong className="alert__name">
          <SafeText text={action.summary} />
        </strong>
        <span className="alert__age" title={time.instant(action.at)}>
          {formatAge(Math.max(0, now - action.at))}
        </span>
      </div>
      <div className="alert__summary">
        <SafeText text={action.message} />
      </div>
      {view.detail && <div className="alert__labels">{view.detail}</div>}
    </li>
  );
}

/** Keeps the store's list current: on each (re)connection, from `actions` events, and by polling a host that does not push. */
function useActionsFeed(): void {
  const client = useStore((s) => s.client);
  const status = useStore((s) => s.connection.status);
  const pushed = useStore((s) => s.actionsPushed);
  useEffect(() => {
    if (!client) return undefined;
    return client.on('actions', (payload) => useStore.getState().applyActions(payload.actions, true));
  }, [client]);
  useEffect(() => {
    if (client && status === 'open') void useStore.getState().loadActions();
  }, [client, status]);
  useEffect(() => {
    if (!client || pushed || client.kind === 'bundle') return undefined;
    const timer = setInterval(() => void useStore.getState().loadActions(), POLL_MS);
    return () => clearInterval(timer);
  }, [client, pushed]);
}
