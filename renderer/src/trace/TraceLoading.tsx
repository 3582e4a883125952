import type { TraceFetchProgress } from '../../../shared/api/trace-progress';
import { traceProgressFraction, traceProgressWords } from './trace-progress-words';

/** A slow open (past a second): how far the host is, in words and as a bar (moving on its own while the size is unknown). */
export function TraceLoading({ progress }: { progress: TraceFetchProgress | undefined }) {
  const fraction = traceProgressFraction(progress);
  return (
    <div className="panel-message panel-message--loading trace-loading" role="status" data-testid="trace-progress" data-phase={progress?.phase ?? 'asking'}>
      {fraction === undefined ? <progress aria-label="Trace loading" /> : <progress max={100} value={Math.round(fraction * 100)} aria-label="Trace loading" />}
      <span data-testid="trace-progress-words">{traceProgressWords(progress)}</span>
    </div>
  );
}
