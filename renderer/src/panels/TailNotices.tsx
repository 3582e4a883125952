import type { TailView } from '../store/log-tail-slice';
import { SafeText } from '../support/SafeText';

/**
 * What the person should know about a live tail, each in one sentence: why it is
 * reconnecting or stopped, lines the source dropped or Lockstep skipped, and new lines
 * waiting while they read.
 */
export function TailNotices({ view, sourceName, onResume, bufferDropped = 0, bufferSize }: { view: TailView; sourceName: string; onResume(): void; bufferDropped?: number; bufferSize?: number }) {
  const notes: { key: string; text: string; alert?: boolean }[] = [];
  if (view.message && (view.state === 'reconnecting' || view.state === 'failed' || view.state === 'live')) {
    notes.push({ key: 'message', text: view.state === 'failed' ? `Live logs stopped: ${view.message}` : view.message, alert: view.state === 'failed' });
  }
  if (view.dropped > 0) notes.push({ key: 'dropped', text: `${sourceName} dropped ${count(view.dropped)}: the tail could not keep up.` });
  if (view.skipped > 0) notes.push({ key: 'skipped', text: `Lockstep skipped ${count(view.skipped)} to keep this page responsive: more than 1,000 a second arrived.` });
  if (bufferDropped > 0) notes.push({ key: 'evicted', text: `The oldest ${count(bufferDropped)} left this panel: it keeps the newest ${(bufferSize ?? 0).toLocaleString('en')}.` });
  if (notes.length === 0 && !view.paused) return null;
  return (
    <div className="tail-notices" data-testid="logs-tail-notices">
      {notes.map((n) => (
        <p key={n.key} className={`tail-notice${n.alert ? ' tail-notice--alert' : ''}`} role={n.alert ? 'alert' : 'status'} data-testid={`logs-tail-${n.key}`}>
          <SafeText text={n.text} />
        </p>
      ))}
      {view.paused && (
        <p className="tail-notice" role="status" data-testid="logs-tail-paused">
          Paused while you read{view.pending > 0 ? ` — ${count(view.pending, 'new ')}` : ''}.{' '}
          <button type="button" className="link-button" onClick={onResume} data-testid="logs-tail-resume">
            Back to the newest
          </button>
        </p>
      )}
    </div>
  );
}

function count(n: number, adjective = ''): string {
  return `${n.toLocaleString('en')} ${adjective}${n === 1 ? 'line' : 'lines'}`;
}
