import type { EventOf } from '../../../shared/api/contract';
import { applyFrame, type FullFrame, fromFullFrame } from '../../../shared/model/live-frame';
import type { QueryResult } from '../../../shared/model/series';

export interface LiveEntry {
  /** The last good result; kept when a refresh fails so the panel can show it, dimmed. */
  result?: QueryResult;
  error?: string;
  /** When the services produced this update (epoch ms). */
  at: number;
  /** The live frame this console holds, which the services' next delta builds on (shared/model/live-frame.ts). */
  frame?: FullFrame;
}

/**
 * The entry after `event`, or 'resync' when it is a delta that does not build on the
 * frame held (a frame was missed, or none is held): the chart keeps what it shows and
 * the caller asks the services for full frames, so a wrong chart is never drawn.
 */
export function nextLiveEntry(previous: LiveEntry | undefined, event: EventOf<'queryResult'>): LiveEntry | 'resync' {
  if (event.frame) {
    const frame = applyFrame(previous?.frame, event.frame);
    if (!frame) return 'resync';
    return { result: fromFullFrame(frame), frame, at: event.at };
  }
  // A whole result (a retry, or a source off the step grid) replaces what is shown; the
  // frame held stays, since the services' next delta still builds on it.
  if (event.result) return { result: event.result, frame: previous?.frame, at: event.at };
  return { result: previous?.result, frame: previous?.frame, error: event.error ?? 'The source gave no data and no reason.', at: event.at };
}
