import { useState } from 'react';
import type { ActionResult } from '../../../shared/api/actions';
import { type Color, otherColor } from '../../../shared/model/deploy';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { useDelayed } from '../support/hooks';
import { newIdempotencyKey } from '../support/ids';
import { SafeText } from '../support/SafeText';
import { Modal } from '../dialogs/Modal';

type Phase = { kind: 'confirm' } | { kind: 'sending' } | { kind: 'done'; result: ActionResult } | { kind: 'error'; message: string };

interface RollbackDialogProps {
  incidentId: string;
  service: string;
  targetColor: Color;
}

/** Asks once more, naming the service and colour, then switches traffic back. */
export function RollbackDialog({ incidentId, service, targetColor }: RollbackDialogProps) {
  const deployment = useStore((s) => s.deployments.find((d) => d.service === service));
  const actor = useStore((s) => s.actor);
  const rollback = useStore((s) => s.rollback);
  const closeDialog = useStore((s) => s.closeDialog);
  const [key] = useState(newIdempotencyKey);
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const slow = useDelayed(phase.kind === 'sending', 1000);
  const from = otherColor(targetColor);
  const fromVersion = deployment?.colors[from]?.version;
  const toVersion = deployment?.colors[targetColor]?.version;

  const confirm = async () => {
    if (phase.kind === 'sending') return;
    setPhase({ kind: 'sending' });
    try {
      const result = await rollback({ incidentId, service, targetColor, author: actor.trim() || 'unknown', confirmed: true, idempotencyKey: key });
      setPhase({ kind: 'done', result });
    } catch (error) {
      setPhase({ kind: 'error', message: errorText(error) });
    }
  };

  return (
    <Modal title={`Roll back ${service}?`} onClose={closeDialog} testId="rollback-dialog">
      <p className="rollback__question">
        Switch <strong><SafeText text={service} /></strong> traffic from <span className={`color-word color-word--${from}`}>{from}</span>
        {fromVersion && <> (<SafeText text={fromVersion} />)</>} back to <span className={`color-word color-word--${targetColor}`}>{targetColor}</span>
        {toVersion && <> (<SafeText text={toVersion} />)</>}?
      </p>
      <p className="muted">Recorded as <SafeText text={actor.trim() || 'unknown'} /> on the incident timeline.</p>
      {phase.kind === 'sending' && (
        <p className="progress" role="status" data-testid="rollback-progress">
          <span className="spinner" aria-hidden="true" /> Switching <SafeText text={service} /> to {targetColor}…{slow && ' still working'}
        </p>
      )}
      {phase.kind === 'done' && (
        <p className={`result result--${phase.result.status}`} role="status" data-testid="rollback-result" data-status={phase.result.status}>
          {phase.result.status === 'succeeded' ? <><SafeText text={service} /> is on {targetColor}.</> : 'Rollback failed.'} <SafeText text={phase.result.message} />
        </p>
      )}
      {phase.kind === 'error' && (
        <p className="form__error" role="alert" data-testid="rollback-error">
          <SafeText text={phase.message} /> Trying again is safe: it will not be done twice.
        </p>
      )}
      <div className="form__actions">
        {phase.kind === 'done' ? (
          <button type="button" className="btn" onClick={closeDialog} data-autofocus>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="btn btn--ghost" onClick={closeDialog} data-autofocus>
              Cancel
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void confirm()} disabled={phase.kind === 'sending'} data-testid="rollback-confirm">
              {phase.kind === 'error' ? 'Try again' : <>Roll back <SafeText text={service} /> to {targetColor}</>}
            </button>
          </>
        )}
      </div>
    </Modal>
  );
}
