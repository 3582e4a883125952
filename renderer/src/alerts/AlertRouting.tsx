import { SafeText } from '../support/SafeText';

interface AlertRoutingProps {
  /** Where Alertmanager routes the alert (its receivers' names). */
  receivers: readonly string[] | undefined;
  /** The names of the alert sources that list it, when more than one does. */
  sourceNames: readonly string[] | undefined;
}

/**
 * Who an alert pages and where it was seen, under its labels: "→ fleet-primary,
 * team-lead · in EU Alertmanager and US Alertmanager". Receivers are the team's
 * Alertmanager routes; several sources mean separate Alertmanagers each have it.
 */
export function AlertRouting({ receivers, sourceNames }: AlertRoutingProps) {
  const routed = receivers && receivers.length > 0 ? receivers.join(', ') : undefined;
  const seen = sourceNames && sourceNames.length > 1 ? `in ${sourceNames.slice(0, -1).join(', ')} and ${sourceNames.at(-1)}` : undefined;
  if (!routed && !seen) return null;
  return (
    <div className="alert__labels" data-testid="alert-routing" title={routed ? 'Alertmanager receivers this alert is routed to' : undefined}>
      {routed && <>→ <SafeText text={routed} /></>}
      {routed && seen && ' · '}
      {seen && <SafeText text={seen} />}
    </div>
  );
}
