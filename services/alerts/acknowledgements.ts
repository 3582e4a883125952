import { ACK_PREFIX, type Alert, type Silence } from '../../shared';
import { stripMarker } from '../../shared/incident/derive';

/**
 * An acknowledgement is an Alertmanager silence marked `ACK!` (karma's convention), so
 * every console, karma and Alertmanager's own UI see it. This reads it back onto each
 * alert: the earliest active ACK! silence muting it says who has it. Other silences stay
 * silences (`silencedBy`), never acknowledgements.
 */
export function withAcknowledgements(alerts: readonly Alert[], silences: readonly Silence[]): Alert[] {
  const byId = new Map(silences.map((s) => [s.id, s]));
  return alerts.map((alert) => {
    const ack = alert.silencedBy
      .map((id) => byId.get(id))
      .filter((s): s is Silence => s !== undefined && s.state === 'active' && s.comment.startsWith(ACK_PREFIX))
      .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1))[0];
    if (!ack) return alert;
    return {
      ...alert,
      acknowledgement: { by: ack.createdBy, comment: stripMarker(ack.comment), at: ack.startsAt, until: ack.endsAt, silenceId: ack.id },
    };
  });
}
