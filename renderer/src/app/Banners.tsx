import { memo, useState } from 'react';
import { rememberPastedToken } from '../api/token';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { verificationText } from './verification-text';

/** Offline review must be impossible to mistake for the live console. */
export const OfflineBanner = memo(function OfflineBanner() {
  const file = useStore((s) => s.offlineFile);
  const leaveOffline = useStore((s) => s.leaveOffline);
  const verification = useStore((s) => s.offlineVerification);
  const trusted = useStore((s) => s.trustedSigners);
  if (!file) return null;
  const trust = verification ? verificationText(verification, trusted) : undefined;
  return (
    <div className="banner banner--offline" role="status" data-testid="offline-banner">
      <strong>Offline review — read only.</strong> <span>
        <SafeText text={file} />: everything shown comes from the file; nothing can be changed.
      </span>
      {verification && trust && (
        <span className={trust.verified ? 'file-trust file-trust--verified' : 'file-trust file-trust--unverified'} data-testid="file-verification" data-state={verification.state}>
          <SafeText text={trust.text} />
        </span>
      )}
      <button type="button" className="btn btn--small" onClick={() => void leaveOffline()} data-testid="leave-offline">
        Back to live
      </button>
    </div>
  );
});

/** Messages that did not match the contract: shown, never crashing the page. */
export const ProblemsBar = memo(function ProblemsBar() {
  const problems = useStore((s) => s.problems);
  const liveError = useStore((s) => s.liveError);
  const subscribeLive = useStore((s) => s.subscribeLive);
  if (problems.length === 0 && !liveError) return null;
  return (
    <div className="banner banner--problem" role="alert" data-testid="problems-bar">
      {liveError && (
        <span>
          <SafeText text={liveError} />{' '}
          <button type="button" className="btn btn--small" onClick={() => void subscribeLive()}>
            Retry
          </button>
        </span>
      )}
      {problems.length > 0 && <span><SafeText text={problems[problems.length - 1]} /></span>}
    </div>
  );
});

/** A wrong or missing token: say what to do, in full screen, since nothing else can work. */
export function BadTokenScreen() {
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (rememberPastedToken(pasted, window.sessionStorage)) window.location.reload();
    else setProblem('That does not contain a token: paste the whole address the web host printed.');
  };
  return (
    <div className="fullscreen-message" role="alert" data-testid="bad-token">
      <h1>This page has no valid access token</h1>
      <p>
        The Lockstep web host only answers pages opened from the address it printed when it started; that address ends
        in <code>?token=…</code>. Open that exact address again: copy it from the terminal where <code>npm run web</code> (or{' '}
        <code>npm start</code>) runs.
      </p>
      <form className="form token-form" onSubmit={submit}>
        <label>
          Or paste the address here
          <input value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="http://127.0.0.1:…/?token=…" data-testid="token-input" />
        </label>
        {problem && <p className="form__error">{problem}</p>}
        <div>
          <button type="submit" className="btn btn--primary">
            Connect
          </button>
        </div>
      </form>
    </div>
  );
}

export function SessionErrorScreen({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div className="fullscreen-message" role="alert" data-testid="session-error">
      <h1>Lockstep could not start this console</h1>
      <p><SafeText text={message} /></p>
      <button type="button" className="btn btn--primary" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
