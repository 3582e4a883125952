import { memo, useRef, useState } from 'react';
import type { ExportProgress } from '../../../shared/api/export-request';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { saveIncidentFile } from './save-incident-file';
import { SafeText } from '../support/SafeText';
import { ExportProgressBar } from './ExportProgressBar';
import { byteSize } from '../support/byte-size';
import { useHtmlReportStatus } from './use-html-report-status';

/**
 * Exports the incident (timeline, panel data, alerts, logs, traces) to a file for offline
 * review, showing how far it is: the sealed `.lockstep` file, or the self-contained HTML
 * report carrying it (opens in any browser, no server) when the host has its page built.
 */
export const ExportButton = memo(function ExportButton({ incidentId, disabled }: { incidentId: string; disabled: boolean }) {
  const exportIncident = useStore((s) => s.exportIncident);
  const cancelExport = useStore((s) => s.cancelExport);
  const pushToast = useStore((s) => s.pushToast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<ExportProgress>();
  const [saved, setSaved] = useState<string>();
  const running = useRef<string | undefined>(undefined);
  const report = useHtmlReportStatus(!disabled);

  // Retry saves what failed: the .lockstep file or the HTML report.
  const lastFormat = useRef<'lockstep' | 'html'>('lockstep');

  const run = async (format: 'lockstep' | 'html' = 'lockstep') => {
    lastFormat.current = format;
    const exportId = `export-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    running.current = exportId;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    setProgress(undefined);
    try {
      const { fileName, file, bytes } = await exportIncident(
        incidentId,
        {
          exportId,
          onProgress: (event) => setProgress(event),
        },
        format,
      );
      const where = await saveIncidentFile(fileName, file);
      if (where) {
        const size = ` (${byteSize(bytes)})`;
        setSaved(`Saved ${where}${size}`);
        pushToast({ id: `export-${incidentId}-${Date.now()}`, title: format === 'html' ? 'HTML report saved' : 'Incident exported', body: `Saved ${where}${size}`, severity: 'info' });
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
      <button
        type="button"
        className="btn"
        onClick={() => void run('html')}
        disabled={disabled || busy || report?.available !== true}
        data-testid="export-html-button"
        title={disabled ? 'Offline review — read only' : report?.available === false ? report.problem : 'Save this incident as one HTML file that opens in any browser, with no server and no network'}
      >
        Save as HTML report
      </button>
      {!disabled && report?.available === false && (
        <p className="muted" data-testid="export-html-unavailable">
          <SafeText text={report.problem ?? 'The HTML report needs `npm run build` first.'} />
        </p>
      )}
      {busy && <ExportProgressBar progress={progress} onCancel={cancel} />}
      {saved && !busy && (
        <p className="muted" role="status" data-testid="export-saved">
          <SafeText text={saved} />
        </p>
      )}
      {error && (
        <p className="form__error" role="alert" data-testid="export-error">
          <SafeText text={error} />{' '}
          <button type="button" className="btn btn--small" onClick={() => void run(lastFormat.current)}>
            Retry
          </button>
        </p>
      )}
    </>
  );
});
