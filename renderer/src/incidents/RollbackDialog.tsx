import { useEffect, useState } from 'react';
import type { RollbackPreview, RollbackResult } from '../../../shared/api/actions';
import type { Color } from '../../../shared/model/deploy';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { useDelayed } from '../support/hooks';
import { newIdempotencyKey } from '../support/ids';
import { SafeText } from '../support/SafeText';
import { Modal } from '../dialogs/Modal';

type Phase = { kind: 'confirm' } | { kind: 'sending' } | { kind: 'done'; result: RollbackResult } | { kind: 'error'; message: string };
type Plan = NonNullable<RollbackPreview['plan']>;

interface RollbackDialogProps {
  incidentId: string;
  service: string;
  targetColor: Color;
}

/** The shares after moving `share` percent to `target` (undefined: all of it, a plain rollback). */
function weightsFor(share: number | undefined, target: Color): { blue: number; green: number } | undefined {
  if (share === undefined) return undefined;
  return target === 'blue' ? { blue: share, green: 100 - share } : { blue: 100 - share, green: share };
}

const OUTCOME_WORDS: Record<NonNullable<RollbackResult['outcome']>, string> = {
  switched: 'Done.',
  replayed: 'Switched (once, by an identical request from another console).',
  already_live: 'Already done: nothing was switched.',
  failed: 'Rollback failed.',
  unknown: 'Outcome unknown.',
};

/**
 * Shows the exact request the rollback will send (a dry run, secrets masked), asks for
 * the service's name to be typed, then switches traffic back and says what happened —
 * including an answer that timed out and was read back from the deployer.
 */
export function RollbackDialog({ incidentId, service, targetColor }: RollbackDialogProps) {
  const client = useStore((s) => s.client);
  const actor = useStore((s) => s.actor);
  const rollback = useStore((s) => s.rollback);
  const closeDialog = useStore((s) => s.closeDialog);
  const [key] = useState(newIdempotencyKey);
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const [plan, setPlan] = useState<Plan | undefined>();
  const [planError, setPlanError] = useState<string | undefined>();
  const [typed, setTyped] = useState('');
  const deployment = useStore((s) => s.deployments.find((d) => d.service === service));
  const loadDeployments = useStore((s) => s.loadDeployments);
  const loadIncidents = useStore((s) => s.loadIncidents);
  /** Where the deployer splits traffic: the share to move to the target colour instead of all of it. */
  const [share, setShare] = useState<number | undefined>();
  const weights = weightsFor(share, targetColor);
  const slow = useDelayed(phase.kind === 'sending', 1000);
  // The host's fixed identity wins (named credential, OS user); older hosts take the typed name.
  const actingAs = useStore((s) => s.session?.actingAs);
  const author = actingAs ?? (actor.trim() || 'unknown');

  useEffect(() => {
    if (!client) return;
    let live = true;
    setPlan(undefined);
    setPlanError(undefined);
    const shift = weightsFor(share, targetColor);
    client.call('previewRollback', { incidentId, service, targetColor, author, ...(shift ? { weights: shift } : {}) }).then(
      (preview) => live && (preview.plan ? setPlan(preview.plan) : setPlanError(`${service} cannot be switched from here.`)),
      (error: unknown) => live && setPlanError(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [client, incidentId, service, targetColor, author, share]);

  const ready = plan !== undefined && !plan.refusal && typed === service;
  const confirm = async () => {
    if (phase.kind === 'sending' || !ready) return;
    setPhase({ kind: 'sending' });
    try {
      const common = { incidentId, service, author, confirmed: true as const, idempotencyKey: key };
      let result: RollbackResult;
      if (weights && client) {
        result = await client.call('shiftTraffic', { ...common, weights });
        void loadDeployments();
        void loadIncidents();
      } else {
        result = (await rollback({ ...common, targetColor })) as RollbackResult;
      }
      setPhase({ kind: 'done', result });
    } catch (error) {
      setPhase({ kind: 'error', message: errorText(error) });
    }
  };
  const from = plan?.from;

  return (
    <Modal title={`Roll back ${service}?`} onClose={closeDialog} testId="rollback-dialog" wide>
      <p className="rollback__question">
        Switch <strong><SafeText text={service} /></strong> traffic
        {from && (
          <>
            {' '}from <span className={`color-word color-word--${from}`}>{from}</span>
            {plan?.fromVersion && <> (<SafeText text={plan.fromVersion} />)</>}
          </>
        )}{' '}
        back to <span className={`color-word color-word--${targetColor}`}>{targetColor}</span>
        {plan?.toVersion && <> (<SafeText text={plan.toVersion} />)</>}?
      </p>
      {deployment?.weights && phase.kind === 'confirm' && (
        <fieldset className="rollback__mode" data-testid="rollback-mode">
          <legend>How much traffic</legend>
          <label>
            <input type="radio" name="rollback-mode" checked={share === undefined} onChange={() => setShare(undefined)} /> All of it to {targetColor}
          </label>
          <label>
            <input type="radio" name="rollback-mode" checked={share !== undefined} onChange={() => setShare(60)} /> Part of it:{' '}
            <input
              type="number"
              min={1}
              max={99}
              value={share ?? 60}
              disabled={share === undefined}
              onChange={(e) => setShare(Math.min(99, Math.max(1, Math.round(Number(e.target.value) || 1))))}
              aria-label={`Percent of traffic to ${targetColor}`}
              data-testid="rollback-share"
            />
            % to {targetColor}
          </label>
        </fieldset>
      )}
      {plan?.weightsFrom && plan.weightsTo && (
        <p data-testid="rollback-shift">
          Traffic now blue {plan.weightsFrom.blue}% / green {plan.weightsFrom.green}% → after blue {plan.weightsTo.blue}% / green {plan.weightsTo.green}%
        </p>
      )}
      {planError && <p className="form__error" role="alert" data-testid="rollback-plan-error"><SafeText text={planError} /></p>}
      {plan?.refusal && <p className="form__error" role="alert" data-testid="rollback-refusal"><SafeText text={plan.refusal} /></p>}
      {plan && (
        <details className="rollback__preview" open data-testid="rollback-preview">
          <summary>
            What will be sent to <SafeText text={plan.provider} /> (dry run; credentials masked)
          </summary>
          {plan.requests.map((r, i) => (
            <pre key={i} className="rollback__request">
              <SafeText text={`${r.method} ${r.url}\n${Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}${r.body !== undefined ? `\n\n${r.body}` : ''}`} />
            </pre>
          ))}
        </details>
      )}
      <p className="muted">Recorded as <SafeText text={author} /> on the incident timeline. Another console asking for the same switch joins this one; the deployer does it once.</p>
      {phase.kind !== 'done' && (
        <label className="form__field">
          Type <strong><SafeText text={service} /></strong> to confirm
          <input
            type="text"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void confirm();
              }
            }}
            autoComplete="off"
            spellCheck={false}
            disabled={phase.kind === 'sending'}
            aria-label={`Type ${service} to confirm`}
            data-autofocus
            data-testid="rollback-confirm-input"
          />
        </label>
      )}
      {phase.kind === 'sending' && (
        <p className="progress" role="status" data-testid="rollback-progress">
          <span className="spinner" aria-hidden="true" /> Switching <SafeText text={service} /> to {targetColor}…{slow && ' still working; an answer that does not come is read back from the deployer'}
        </p>
      )}
      {phase.kind === 'done' && (
        <div className={`result result--${phase.result.status}`} role="status" data-testid="rollback-result" data-status={phase.result.status} data-outcome={phase.result.outcome}>
          <p>
            {phase.result.outcome ? OUTCOME_WORDS[phase.result.outcome] : phase.result.status === 'succeeded' ? <><SafeText text={service} /> is on {targetColor}.</> : 'Rollback failed.'}{' '}
            <SafeText text={phase.result.message} />
          </p>
          {phase.result.observed && (
            <p className="muted" data-testid="rollback-observed">
              Read back from the deployer: <SafeText text={phase.result.observed} />
            </p>
          )}
        </div>
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
            <button type="button" className="btn btn--ghost" onClick={closeDialog}>
              Cancel
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void confirm()} disabled={phase.kind === 'sending' || !ready} data-testid="rollback-confirm">
              {phase.kind === 'error' ? 'Try again' : weights ? <>Shift {weights[targetColor]}% of <SafeText text={service} /> to {targetColor}</> : <>Roll back <SafeText text={service} /> to {targetColor}</>}
            </button>
          </>
        )}
      </div>
    </Modal>
  );
}
