import type { AlertmanagerCluster, MemberOutcome } from './alertmanager-cluster';
import type { AlertmanagerMember } from './alertmanager-member';
import type { AmStatus } from './alertmanager-schemas';
import type { HealthNote } from './types';

/** What is known of one member: its last call, its last /api/v2/status, and how many status reads in a row showed it cut off. */
export interface MemberView {
  name: string;
  outcome?: MemberOutcome;
  status?: AmStatus;
  /** Consecutive status reads in which it gossiped with fewer members than answer. */
  splitReads: number;
}

/** How often a settling cluster's status is read again, and one with a member down or cut off. */
const SETTLING_EVERY_MS = 1_000;
const TROUBLED_EVERY_MS = 5_000;

/** A member that just restarted sees only itself until it joins; two reads in a row is a real split, not a join. */
const SPLIT_CONFIRMED_AFTER = 2;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const names = (views: readonly MemberView[]) => views.map((v) => v.name).join(' and ');

/**
 * An Alertmanager source's account of itself for the header: version and cluster state
 * from /api/v2/status, which members answer; and a problem — which makes a source that
 * still answers "degraded" — when a member does not answer, runs with gossip off, or has
 * lost touch with the others (silences made on it stay there).
 */
export function describeClusterHealth(views: readonly MemberView[]): HealthNote {
  const total = views.length;
  if (!views.some((v) => v.outcome)) return {};
  const answering = views.filter((v) => v.outcome?.ok);
  const failing = views.filter((v) => v.outcome && !v.outcome.ok);
  if (answering.length === 0) return total === 1 ? {} : { detail: `none of the ${total} members answers` };

  const versions = [...new Set(answering.flatMap((v) => (v.status?.versionInfo.version ? [v.status.versionInfo.version] : [])))];
  const status = answering.find((v) => v.status)?.status;
  const cluster = !status
    ? ''
    : status.cluster.status === 'disabled'
      ? ', no cluster (gossip off)'
      : `, cluster ${status.cluster.status}, ${plural(status.cluster.peers.length, 'peer')}`;
  const members =
    total === 1 ? '' : failing.length === 0 ? `; all ${total} members answer` : `; answered by ${names(answering)} (${answering.length} of ${total} members)`;
  const detail = `Alertmanager${versions.length ? ` ${versions.join(' and ')}` : ''}${cluster}${members}`;

  if (failing.length > 0) {
    const first = failing[0]!;
    const verb = first.outcome!.down ? (failing.length === 1 ? 'does not answer' : 'do not answer') : failing.length === 1 ? 'fails' : 'fail';
    return { detail, problem: `${names(failing)} ${verb} (${failing.length} of ${total} members): ${first.outcome!.error ?? 'no answer'}` };
  }
  if (total === 1) return { detail };
  const gossipOff = answering.find((v) => v.status?.cluster.status === 'disabled');
  if (gossipOff) {
    return { detail, problem: `${gossipOff.name} runs with gossip off (its --cluster.listen-address is empty), so a silence made on it never reaches the other members` };
  }
  const cutOff = answering.find((v) => v.splitReads >= SPLIT_CONFIRMED_AFTER);
  if (cutOff) {
    const peers = cutOff.status?.cluster.peers.length ?? 0;
    return {
      detail,
      problem: `${cutOff.name} gossips with only ${peers} of the ${answering.length} members that answer, so silences made on one may not reach the others: check each member's --cluster.peer and that the gossip port is open between them`,
    };
  }
  return { detail };
}

/**
 * Reads each member's /api/v2/status now and then (see `interval`, and as soon as the set
 * of members answering changes) beside the alert polls, never holding them up; a member
 * too old to have the status endpoint only gives less detail.
 */
export class ClusterStatusWatch {
  private readonly statuses = new Map<AlertmanagerMember, AmStatus>();
  private readonly splitReads = new Map<AlertmanagerMember, number>();
  private inFlight = false;
  private lastAt = -Infinity;
  private lastAnswering = '';

  constructor(
    private readonly cluster: AlertmanagerCluster,
    private readonly now: () => number = Date.now,
    private readonly everyMs = 30_000,
  ) {}

  refreshIfDue(signal?: AbortSignal): void {
    const answering = this.answering();
    const key = answering.map((m) => m.name).join(' ');
    const every = this.interval(answering);
    if (this.inFlight || (this.now() - this.lastAt < every && key === this.lastAnswering)) return;
    this.inFlight = true;
    this.lastAnswering = key;
    this.lastAt = this.now();
    void this.refresh(answering, signal).finally(() => {
      this.inFlight = false;
    });
  }

  note(): HealthNote {
    return describeClusterHealth(
      this.cluster.report().map(({ member, outcome }) => ({
        name: member.name,
        ...(outcome ? { outcome } : {}),
        ...(this.statuses.has(member) ? { status: this.statuses.get(member)! } : {}),
        splitReads: this.splitReads.get(member) ?? 0,
      })),
    );
  }

  /**
   * A settling cluster (a member just started) is read each second until it is ready; one
   * with a member down or possibly cut off every few seconds, to tell when it mends; a
   * healthy one rarely, since each answer carries Alertmanager's whole config.
   */
  private interval(answering: readonly AlertmanagerMember[]): number {
    if (answering.some((m) => this.statuses.get(m)?.cluster.status === 'settling')) return SETTLING_EVERY_MS;
    const troubled = answering.length < this.cluster.members.length || answering.some((m) => (this.splitReads.get(m) ?? 0) > 0);
    return troubled ? TROUBLED_EVERY_MS : this.everyMs;
  }

  private answering(): AlertmanagerMember[] {
    return this.cluster.report().flatMap(({ member, outcome }) => (outcome?.ok ? [member] : []));
  }

  private async refresh(answering: readonly AlertmanagerMember[], signal?: AbortSignal): Promise<void> {
    await Promise.all(
      answering.map(async (member) => {
        try {
          const status = await member.status(signal);
          this.statuses.set(member, status);
          const cutOff = status.cluster.status === 'ready' && status.cluster.peers.length < answering.length;
          this.splitReads.set(member, cutOff ? (this.splitReads.get(member) ?? 0) + 1 : 0);
        } catch {
          // Whether the member answers is the alert reads' to say; without a status it is only less detail.
        }
      }),
    );
  }
}
