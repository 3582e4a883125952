import { z } from 'zod';
import { CallGraphSchema, downstreamOf } from '../model/call-graph';
import { type Color, type Deployment, isSwitchBack, switchesOf, type SwitchRecord } from '../model/deploy';

/** How rollbacks are offered; comes from the config (`rollback` there), parsed with this schema. */
export const RollbackPolicySchema = z.object({
  /** Minutes before an incident opened in which a release is a suspect. */
  windowMinutes: z.number().int().min(1).max(24 * 60).default(30),
  callGraph: CallGraphSchema.default({}),
});
export type RollbackPolicy = z.infer<typeof RollbackPolicySchema>;

export interface RollbackCandidate {
  service: string;
  /** The colour to switch back to: the one live before the suspect release. */
  target: Color;
  /** The colour live when the incident opened: never offered. */
  badColor: Color;
  badVersion?: string;
  targetVersion?: string;
  /** When the suspect release went live. */
  releasedAt: number;
  /** Why this service: said next to the button. */
  reason: string;
}

/** Either one rollback to offer, or the reason there is none (shown instead of a button). */
export type RollbackOffer = { kind: 'offer'; candidate: RollbackCandidate } | { kind: 'none'; reason: string };

export interface RollbackQuestion {
  /** The services the incident's alerts name. */
  services: readonly string[];
  openedAt: number;
  deployments: readonly Deployment[];
  policy: RollbackPolicy;
}

const minutes = (ms: number) => (ms < 60_000 ? 'less than a minute' : `${Math.round(ms / 60_000)} min`);

function scopeText(services: readonly string[]): string {
  if (services.length === 1) return `${services[0]} or anything it calls`;
  return `${services.slice(0, -1).join(', ')} or ${services.at(-1)} or anything they call`;
}

/** A release tied to an incident: what it put live (the known-bad colour) and what was live before. */
export interface SuspectRelease {
  release: SwitchRecord;
  badColor: Color;
  /** The release went live after the incident opened (it made an open incident worse). */
  during: boolean;
}

/**
 * The release of one deployment tied to an incident, if any: the last switch within the
 * window before it opened, or else the first switch after it opened — provided that switch
 * put something new live rather than switching back to what ran before (a rollback is
 * never a suspect; after the incident opened, only a deployer that records versions can
 * tell them apart, so without that record only releases before it count). Its target is
 * the known-bad colour.
 */
export function suspectRelease(deployment: Deployment, openedAt: number, windowMs: number): SuspectRelease | undefined {
  const switches = switchesOf(deployment);
  let lastBefore = -1;
  for (let i = 0; i < switches.length; i++) if (switches[i]!.at <= openedAt) lastBefore = i;
  const before = switches[lastBefore];
  if (before && before.at >= openedAt - windowMs) {
    return before.from !== before.to && !isSwitchBack(switches, lastBefore) ? { release: before, badColor: before.to, during: false } : undefined;
  }
  // After it opened, a release must be told from a rollback, which takes the deployer's recorded versions.
  const after = switches[lastBefore + 1];
  const recorded = deployment.history !== undefined && after?.version !== undefined && after.fromVersion !== undefined;
  if (after && recorded && after.from !== after.to && !isSwitchBack(switches, lastBefore + 1)) return { release: after, badColor: after.to, during: true };
  return undefined;
}

/**
 * Which switch-back to offer for an incident, if any. A release is a plausible cause when
 * a service the incident names, or one it calls (directly or transitively, by the call
 * graph), switched to a new release within the window before the incident opened — or
 * while it was open. The offer is to switch that service back to the colour live before
 * that release: never to the colour the release put live (the known-bad one), and nothing
 * when the good colour is live again (the rollback happened). The latest release wins.
 */
export function rollbackOffer(question: RollbackQuestion): RollbackOffer {
  const { policy } = question;
  const windowMs = policy.windowMinutes * 60_000;
  const services = [...new Set(question.services.filter((s) => s.length > 0))];
  if (services.length === 0) return { kind: 'none', reason: 'this incident names no service, so no release can be tied to it' };
  const scope = downstreamOf(services, policy.callGraph);
  const { openedAt } = question;

  const suspects = question.deployments
    .filter((d) => scope.has(d.service))
    .flatMap((deployment) => {
      const suspect = suspectRelease(deployment, openedAt, windowMs);
      return suspect ? [{ deployment, ...suspect }] : [];
    })
    .sort((a, b) => b.release.at - a.release.at);
  if (suspects.length === 0) {
    return { kind: 'none', reason: `no release in the ${policy.windowMinutes} min before this incident on ${scopeText(services)}` };
  }

  const skipped: string[] = [];
  for (const { deployment, release, badColor, during } of suspects) {
    const target = release.from;
    const badVersion = release.version ?? deployment.colors[badColor]?.version;
    const targetVersion = deployment.colors[target]?.version;
    // Back on the good colour with all its traffic (part of it still on the bad one is still worth a rollback).
    if (deployment.active === target && (deployment.weights?.[target] ?? 100) === 100) {
      skipped.push(`${deployment.service} is already back on ${target}${targetVersion ? ` (${targetVersion})` : ''}`);
      continue;
    }
    if (!targetVersion) {
      skipped.push(`${deployment.service} has nothing deployed on ${target} to go back to`);
      continue;
    }
    const when = during ? `${minutes(release.at - openedAt)} after this incident opened` : `${minutes(openedAt - release.at)} before this incident opened`;
    return {
      kind: 'offer',
      candidate: {
        service: deployment.service,
        target,
        badColor,
        ...(badVersion ? { badVersion } : {}),
        targetVersion,
        releasedAt: release.at,
        reason: `${deployment.service} switched to ${badColor}${badVersion ? ` (${badVersion})` : ''} ${when}`,
      },
    };
  }
  return { kind: 'none', reason: `${skipped.join('; ')}: nothing left to roll back` };
}

/** What a rollback reads of an incident, structurally, so the incident model can grow. */
export interface IncidentLike {
  openedAt: number;
  service?: string;
  services?: unknown;
  members?: unknown;
}

/** The services an incident names: its own, and every member alert's `service` label. */
export function incidentServices(incident: IncidentLike): string[] {
  const services = new Set<string>();
  if (incident.service) services.add(incident.service);
  if (Array.isArray(incident.services)) for (const s of incident.services) if (typeof s === 'string' && s) services.add(s);
  if (Array.isArray(incident.members)) {
    for (const m of incident.members as { labels?: Record<string, unknown> }[]) {
      const service = m?.labels?.service;
      if (typeof service === 'string' && service) services.add(service);
    }
  }
  return [...services];
}
