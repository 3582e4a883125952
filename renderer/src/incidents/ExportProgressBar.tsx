import type { ExportProgress } from '../../../shared/api/export-request';
import { exportFraction, exportPhaseWords } from './export-progress-words';

/** The export's progress: a bar, the phase in words, and a way out. */
export function ExportProgressBar({ progress, onCancel }: { progress: ExportProgress | undefined; onCancel: () => void }) {
  const fraction = progress ? exportFraction(progress) : 0;
  return (
    <p className="progress export-progress" role="status" data-testid="export-progress">
      <progress max={100} value={Math.round(fraction * 100)} aria-label="Export progress" />
      <span data-testid="export-phase">{progress ? `Exporting: ${exportPhaseWords(progress)}` : 'Exporting: starting…'}</span>
      <button type="button" className="btn btn--small" onClick={onCancel} data-testid="export-cancel">
        Cancel
      </button>
    </p>
  );
}
