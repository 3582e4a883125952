import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { actingPermission } from './permissions';

/**
 * Who this console acts as, for the header: the name every action is recorded under and
 * whether this screen may act at all. Where the host does not fix the name (an older
 * host), the person types it.
 */
export function ActingAs() {
  const session = useStore((s) => s.session);
  const actor = useStore((s) => s.actor);
  const setActor = useStore((s) => s.setActor);
  if (!session || session.mode === 'bundle') return null;
  const permission = actingPermission(session);
  if (!permission.canAct) {
    return (
      <span className="chip chip--warn" data-testid="acting-as" data-role="viewer" title={permission.reason}>
        Viewer · can look, not act
      </span>
    );
  }
  if (session.actingAs) {
    return (
      <span className="chip" data-testid="acting-as" data-role="operator" title="Actions from this console are recorded under this name">
        <span className="muted">Acting as</span> <strong><SafeText text={session.actingAs} /></strong>
      </span>
    );
  }
  return (
    <label className="actor" title="Actions are recorded under this name" data-testid="acting-as" data-role="operator">
      <span className="muted">I am</span>
      <input value={actor} onChange={(e) => setActor(e.target.value)} maxLength={100} size={12} data-testid="actor-input" aria-label="Your name for actions" />
    </label>
  );
}
