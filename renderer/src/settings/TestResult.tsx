import type { TestSourceResult } from '../../../shared/api/source-settings';
import { SafeText } from '../support/SafeText';

export type TestState = { phase: 'testing' } | { phase: 'done'; result: TestSourceResult } | { phase: 'error'; message: string };

/** A test's progress, then its one sentence; the steps behind it for whoever wants them. */
export function TestResult({ state }: { state: TestState }) {
  if (state.phase === 'testing') {
    return (
      <p className="settings-test" role="status" data-testid="settings-test-result" data-state="testing">
        <span className="spinner" aria-hidden="true" /> Testing: connecting, asking what answers, checking the sign-in and the series…
      </p>
    );
  }
  if (state.phase === 'error') {
    return (
      <p className="settings-test settings-test--failed" role="alert" data-testid="settings-test-result" data-state="error">
        <SafeText text={state.message} />
      </p>
    );
  }
  const { result } = state;
  return (
    <div className={`settings-test ${result.ok ? 'settings-test--ok' : 'settings-test--failed'}`} role={result.ok ? 'status' : 'alert'} data-testid="settings-test-result" data-state={result.ok ? 'ok' : 'failed'} data-kind={result.kind}>
      <p className="settings-test__sentence">
        <span aria-hidden="true">{result.ok ? '✓ ' : '✗ '}</span>
        <span className="visually-hidden">{result.ok ? 'Test passed: ' : 'Test failed: '}</span>
        <SafeText text={result.sentence} />
      </p>
      {result.checks.length > 0 && (
        <details>
          <summary className="muted">
            {result.checks.length} step{result.checks.length === 1 ? '' : 's'} in {result.tookMs < 1000 ? `${result.tookMs} ms` : `${(result.tookMs / 1000).toFixed(1)} s`}
          </summary>
          <ul className="settings-test__checks">
            {result.checks.map((check, i) => (
              <li key={i}>
                {check.ok ? '✓' : '✗'} <strong>{check.what}</strong>: <SafeText text={check.sentence} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
