import { useState } from 'react';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { saveIncidentFile } from './save-incident-file';
import { useDelayed } from '../support/hooks';
import { SafeText } from '../support/SafeText';

/** Exports the incident (timeline, panel data, logs, traces) to a file for offline review. */
export function ExportButton({ incidentId, disabled }: { incidentId: string; disabled: boolean }) {
  const exportIncident = useStore((s) => s.exportIncident);
  const pushToast = useStore((s) => s.pushToast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const slow = useDelayed(busy, 1000);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { fileName, file } = await exportIncident(incidentId);
      const where = await saveIncidentFile(fileName, file);
      if (where) pushToast({ id: `export-${incidentId}-${Date.now()}`, title: 'Incident exported', body: `Saved ${where}`, severity: 'info' });
    } catch (e) {
      setError(`Export failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="btn" onClick={() => void run()} disabled={disabled || busy} data-testid="export-button" title={disabled ? 'Offline review — read only' : 'Save this incident to a file'}>
        {slow ? 'Exporting…' : 'Export'}
      </button>
      {error && (
        <p className="form__error" role="alert" data-testid="export-error">
          <SafeText text={error} />{' '}
          <button type="button" className="btn btn--small" onClick={() => void run()}>
            Retry
          </button>
        </p>
      )}
    </>
  );
}
