import { useState } from 'react';
import { Modal } from '../dialogs/Modal';
import { errorText } from '../api/parse';
import { readFileText } from '../support/read-file';
import { SafeText } from '../support/SafeText';
import { useStore } from '../store/store';
import type { ImportOutcome } from '../store/dashboards-slice';

/** Import: a Lockstep or Grafana dashboard file, or its JSON pasted; then what was left out, in words. */
export function ImportDashboard({ onClose }: { onClose(): void }) {
  const importDashboard = useStore((s) => s.importDashboard);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const run = async (json: string) => {
    setBusy(true);
    setError('');
    try {
      setOutcome(await importDashboard(json));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Import a dashboard" onClose={onClose} testId="import-dashboard" wide>
      {outcome ? (
        <div data-testid="import-outcome">
          <p>
            Imported <strong><SafeText text={outcome.title} /></strong> ({outcome.format === 'grafana' ? 'Grafana dashboard' : 'Lockstep dashboard'}). It is on screen, not saved: Save keeps it for you.
          </p>
          {outcome.skipped.length > 0 ? (
            <>
              <p>Not imported, or imported differently:</p>
              <ul className="import-skipped" data-testid="import-skipped">
                {outcome.skipped.map((line) => (
                  <li key={line}>
                    <SafeText text={line} />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p data-testid="import-complete">Everything in it was imported.</p>
          )}
          <button type="button" className="btn btn--primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </div>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(text);
          }}
        >
          <label>
            Dashboard file (Lockstep or Grafana JSON){' '}
            <input
              type="file"
              accept=".json,application/json"
              data-testid="import-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void readFileText(file, () => undefined).then(run, (err: unknown) => setError(`The file could not be read: ${errorText(err)}`));
              }}
            />
          </label>
          <label>
            or paste its JSON
            <textarea data-testid="import-text" rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder='{"title": …, "panels": […]}' />
          </label>
          {error && (
            <p role="alert" className="form-error" data-testid="import-error">
              <SafeText text={error} />
            </p>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy || text.trim() === ''} data-testid="import-submit">
            {busy ? 'Importing…' : 'Import'}
          </button>
        </form>
      )}
    </Modal>
  );
}
