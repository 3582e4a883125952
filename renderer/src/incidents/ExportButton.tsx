import { useRef, useState } from 'react';
import type { ExportProgress } from '../../../shared/api/export-request';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { saveIncidentFile } from './save-incident-file';
import { SafeText } from '../support/SafeText';
import { ExportProgressBar } from './ExportProgressBar';
import { byteSize } from './export-progress-words';

/** Exports the incident (timeline, panel data, alerts, logs, traces) to a file for offline review, showing how far it is. */
export function ExportButton({ incidentId, disabled }: { incidentId: string; disabled: boolean }) {
  const exportIncident = useStore((s) => s.exportIncident);
  const cancelExport = useStore((s) => s.cancelExport);
  const pushToast = useStore((s) => s.pushToast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<ExportProgress>();
  const [saved, setSaved] = useState<string>();
  const running = useRef<string | undefined>(undefined);

  const run = async () => {
    const exportId = `export-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    running.current = exportId;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    setProgress(undefined);
    try {
      const { fileName, file, bytes } = await exportIncident(incidentId, {
        exportId,
        onProgress: (event) => setProgress(event),
      });
      const where = await saveIncidentFile(fileName, file);
      if (where) {
        const size = ` (${byteSize(bytes)})`;
        setSaved(`Saved ${where}${size}`);
        pushToast({ id: `export-${incidentId}-${Date.now()}`, title: 'Incident exported', body: `Saved ${where}${size}`, severity: 'info' });
      }
    } catch (e) {
      // A cancel the person asked for is not a failure to report.
      if (running.current === exportId) setError(`Export failed: ${errorText(e)}`);
    } finally {
      if (running.current === exportId) running.current = undefined;
      setBusy(false);
      setProgress(undefined);
    }
  };

  const cancel = () => {
    const exportId = running.current;
    running.current = undefined;
    if (exportId) void cancelExport(exportId).catch(() => undefined);
  };

  return (
    <>
      <button type="button" className="btn" onClick={() => void run()} disabled={disabled || busy} data-testid="export-button" title={disabled ? 'Offline review — read only' : 'Save this incident to a file'}>
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {busy && <ExportProgressBar progress={progress} onCancel={cancel} />}
      {saved && !busy && (
        <p className="muted" role="status" data-testid="export-saved">
          <SafeText text={saved} />
        </p>
      )}
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
