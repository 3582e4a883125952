import { LockstepApiError, type ExportPhase, type ExportProgress } from '../../shared';
import type { ClientSession } from '../core/client';

/** Tells the asking console how far its export is; a no-op when it gave no export id. */
export type ProgressReporter = (phase: ExportPhase, done: number, total: number, bytes?: number) => void;

export const silentProgress: ProgressReporter = () => {};

/**
 * Progress goes to the one console that asked (not broadcast: others did not ask), at most
 * every 100 ms per phase so a 500-trace fetch does not send 500 frames; the first and last
 * step of each phase always go.
 */
export function progressTo(client: ClientSession, exportId: string | undefined, now: () => number = Date.now): ProgressReporter {
  if (!exportId) return silentProgress;
  let lastPhase: ExportPhase | undefined;
  let lastAt = 0;
  return (phase, done, total, bytes) => {
    const at = now();
    const edge = phase !== lastPhase || done === 0 || done >= total;
    if (!edge && at - lastAt < 100) return;
    lastPhase = phase;
    lastAt = at;
    const event: ExportProgress = { exportId, phase, done, total, ...(bytes !== undefined ? { bytes } : {}) };
    try {
      client.send({ event: 'exportProgress', payload: event });
    } catch {
      // A console that went away mid-export needs no progress; the export itself goes on.
    }
  };
}

/** Each console's running exports by id, so `cancelExport` from that console can stop one. */
const running = new WeakMap<ClientSession, Map<string, AbortController>>();

export function startExport(client: ClientSession, exportId: string | undefined): { signal: AbortSignal; finish(): void } {
  const controller = new AbortController();
  if (!exportId) return { signal: controller.signal, finish: () => {} };
  const mine = running.get(client) ?? new Map<string, AbortController>();
  running.set(client, mine);
  if (mine.has(exportId)) throw new LockstepApiError('bad_request', `An export with the id "${exportId}" is already running in this console.`);
  mine.set(exportId, controller);
  return { signal: controller.signal, finish: () => mine.delete(exportId) };
}

export function cancelExport(client: ClientSession, exportId: string): boolean {
  const controller = running.get(client)?.get(exportId);
  if (!controller) return false;
  controller.abort();
  return true;
}

export const EXPORT_CANCELLED = 'The export was cancelled; no file was written.';

/** Thrown between steps once the person cancelled. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new LockstepApiError('bad_request', EXPORT_CANCELLED);
}
