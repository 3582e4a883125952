import { memo, useMemo } from 'react';
import type { TimelineEvent, TimelineKind } from '../../../shared/model/incident';
import { useTimeFormat } from '../support/use-time-format';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';

const KIND_LABEL: Record<TimelineKind, string> = {
  alert_firing: 'Alert firing',
  alert_resolved: 'Alert resolved',
  notified: 'Notified',
  acknowledged: 'Acknowledged',
  unacknowledged: 'Un-acknowledged',
  escalated: 'Escalated',
  rollback_requested: 'Rollback requested',
  rollback_succeeded: 'Rollback done',
  rollback_failed: 'Rollback failed',
  incident_opened: 'Incident opened',
  incident_resolved: 'Incident resolved',
  note: 'Note',
};

/** What happened in one incident, oldest first, who did it. Replaying a file, later events are greyed and any event jumps the replay to it. */
export const Timeline = memo(function Timeline({ incidentId }: { incidentId: string }) {
  const all = useStore((s) => s.timeline);
  const at = useStore((s) => s.replay?.at);
  const setReplayAt = useStore((s) => s.setReplayAt);
  const events = useMemo(() => all.filter((e) => e.incidentId === incidentId), [all, incidentId]);
  return <TimelineList events={events} replayAt={at} onJump={at === undefined ? undefined : setReplayAt} />;
});

/**
 * The events as a list. Everything in them may come from outside (alert labels, a note's
 * author and text, posted to Alertmanager by anyone): shown as text through SafeText, never
 * as markup, bidi controls made visible.
 */
export function TimelineList({ events, replayAt, onJump }: { events: readonly TimelineEvent[]; replayAt?: number; onJump?: (at: number) => void }) {
  const time = useTimeFormat();
  if (events.length === 0) return <p className="muted">No timeline events yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((event) => {
        const future = replayAt !== undefined && event.at > replayAt;
        return (
          <li key={event.id} className={`timeline__item timeline__item--${event.kind}${future ? ' timeline__item--future' : ''}`} data-testid="timeline-item" data-kind={event.kind} data-future={replayAt === undefined ? undefined : future ? 'true' : 'false'}>
            {onJump ? (
              <button type="button" className="timeline__time timeline__jump" onClick={() => onJump(event.at)} title="Replay from this moment" data-testid="timeline-jump">
                <time>{time.instant(event.at)}</time>
              </button>
            ) : (
              <time className="timeline__time">{time.instant(event.at)}</time>
            )}
            <span className="timeline__kind">{KIND_LABEL[event.kind] ?? event.kind}</span>
            <span className={`timeline__text${event.kind === 'note' ? ' timeline__text--note' : ''}`} data-testid={event.kind === 'note' ? 'timeline-note' : undefined}>
              <SafeText text={event.text} />
              {event.actor && (
                <span className="timeline__actor">
                  {' — '}
                  <SafeText text={event.actor} />
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
