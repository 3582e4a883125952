import type { Incident, Silence } from '../../shared';
import { planLeases } from '../../shared/incident/ack-lease';
import type { CorrelationConfig } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

export interface LeaseDeps {
  sources: SourceSet;
  now: () => number;
  leaseMs: number;
  /** Grouping, and the quiet window within which an ended alert that fires again keeps its acknowledgement. */
  config: Pick<CorrelationConfig, 'groupBy' | 'resolveAfterQuietSeconds'>;
  /** The alert source that listed a silence. */
  sourceOfSilence(silenceId: string): string | undefined;
  /** The alert source of an incident's alerts. */
  sourceOfIncident(incident: Incident): string | undefined;
  warn(message: string): void;
}

/**
 * Keeps the marker silences (ACK!, RESOLVED!) honest after each complete poll: renews
 * the lease of an open incident's acknowledgement, expires it once the incident has
 * ended (or when it belongs to an older episode than what it now mutes), removes
 * duplicates (the earliest stays) and covers groups that joined an acknowledged
 * incident. Every running console does it; they reach the same decisions, and the
 * operations are idempotent. One run at a time.
 */
export class AckLeaseKeeper {
  private running: Promise<void> | undefined;

  constructor(private readonly deps: LeaseDeps) {}

  maintain(incidents: readonly Incident[], silences: readonly Silence[], blind: boolean): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run(incidents, silences, blind).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(incidents: readonly Incident[], silences: readonly Silence[], blind: boolean): Promise<void> {
    const { deps } = this;
    const plan = planLeases(incidents, silences, { now: deps.now(), leaseMs: deps.leaseMs, blind, config: deps.config });
    const pick = (sourceId: string | undefined) => {
      try {
        return deps.sources.pick('alerts', sourceId).capability;
      } catch {
        return undefined;
      }
    };
    for (const { id, why } of plan.expire) {
      try {
        await pick(deps.sourceOfSilence(id))?.expireSilence?.(id);
      } catch (error) {
        deps.warn(`could not expire silence ${id} (${why}): ${errorMessage(error)}`);
      }
    }
    for (const { silence, endsAt } of plan.renew) {
      try {
        await pick(deps.sourceOfSilence(silence.id))?.createSilence({
          id: silence.id,
          matchers: silence.matchers,
          startsAt: silence.startsAt,
          endsAt,
          createdBy: silence.createdBy,
          comment: silence.comment,
        });
      } catch (error) {
        deps.warn(`could not renew acknowledgement ${silence.id}: ${errorMessage(error)}`);
      }
    }
    for (const create of plan.create) {
      const incident = incidents.find((i) => i.id === create.incidentId);
      try {
        await pick(incident ? deps.sourceOfIncident(incident) : undefined)?.createSilence({
          matchers: create.matchers,
          startsAt: deps.now(),
          endsAt: create.endsAt,
          createdBy: create.createdBy,
          comment: create.comment,
        });
      } catch (error) {
        deps.warn(`could not extend the acknowledgement of ${create.incidentId}: ${errorMessage(error)}`);
      }
    }
  }
}
