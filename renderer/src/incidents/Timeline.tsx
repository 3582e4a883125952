import { useMemo } from 'react';
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

/** What happened in one incident, oldest first, who did it. */
export function Timeline({ incidentId }: { incidentId: string }) {
  const all = useStore((s) => s.timeline);
  const events = useMemo(() => all.filter((e) => e.incidentId === incidentId), [all, incidentId]);
  return <TimelineList events={events} />;
}

/**
 * The events as a list. Everything in them may come from outside (alert labels, a note's
 * author and text, posted to Alertmanager by anyone): shown as text through SafeText, never
 * as markup, bidi controls made visible.
 */
export function TimelineList({ events }: { events: readonly TimelineEvent[] }) {
  const time = useTimeFormat();
  if (events.length === 0) return <p className="muted">No timeline events yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((event) => (
        <li key={event.id} className={`timeline__item timeline__item--${event.kind}`} data-testid="timeline-item" data-kind={event.kind}>
          <time className="timeline__time">{time.instant(event.at)}</time>
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
      ))}
    </ol>
  );
}
