import { describeError } from '../util/errors';
import { mayTryNextMember, memberIsDown, type AlertmanagerMember } from './alertmanager-member';
import { SourceError } from './types';

/** How a member did at its last call. */
export interface MemberOutcome {
  ok: boolean;
  /** Not reached, timed out or failing on its side, as opposed to refusing one request. */
  down: boolean;
  error?: string;
  at: number;
}

/**
 * The members of one Alertmanager HA cluster, and how requests reach them. What Alertmanager
 * gossips between members is silences and the notification log, not alerts: each member
 * has the alerts its senders posted to it (Prometheus posts to every member). So:
 *
 * - reads ask every member at once and the caller merges the answers
 *   (alertmanager-merge.ts): a member that just restarted, or one a sender missed, has
 *   fewer alerts, and reading only it would show alerts as ended that still fire;
 * - a silence (create, expire) goes to ONE member, which gossips it to the others; the next
 *   member is tried only when one could not be reached or failed on its side (5xx), never
 *   after a success or a refusal;
 * - posted alerts (escalations, notes) go to EVERY member, as Prometheus sends them: equal
 *   labels are the same alert, so a repeat is harmless.
 *
 * Members are tried in config order, those that answered their last call first, so a write
 * does not wait on a member the last poll found down.
 */
export class AlertmanagerCluster {
  private readonly outcomes = new Map<AlertmanagerMember, MemberOutcome>();

  constructor(
    readonly sourceId: string,
    readonly sourceName: string,
    readonly members: readonly AlertmanagerMember[],
    private readonly now: () => number = Date.now,
  ) {
    if (members.length === 0) throw new Error(`${sourceName} has no member URL`);
  }

  /** Each member and how its last call went (undefined before any). */
  report(): Array<{ member: AlertmanagerMember; outcome?: MemberOutcome }> {
    return this.members.map((member) => ({ member, outcome: this.outcomes.get(member) }));
  }

  /** Members in the order requests try them: those that answered last first, in config order. */
  ordered(): AlertmanagerMember[] {
    const fine = this.members.filter((m) => this.outcomes.get(m)?.ok !== false);
    return [...fine, ...this.members.filter((m) => !fine.includes(m))];
  }

  /** Asks every member at once; the answers of those that answered, in config order. Fails only when none answers. */
  async readAll<T>(read: (member: AlertmanagerMember) => Promise<T>, signal?: AbortSignal): Promise<Array<{ member: AlertmanagerMember; value: T }>> {
    const settled = await Promise.allSettled(this.members.map((member) => read(member)));
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const answers: Array<{ member: AlertmanagerMember; value: T }> = [];
    const errors: Array<{ member: AlertmanagerMember; error: unknown }> = [];
    settled.forEach((result, i) => {
      const member = this.members[i]!;
      if (result.status === 'fulfilled') {
        this.record(member);
        answers.push({ member, value: result.value });
      } else {
        this.record(member, result.reason);
        errors.push({ member, error: result.reason });
      }
    });
    if (answers.length === 0) throw this.noneAnswered(errors);
    return answers;
  }

  /** Sends a write to one member, the next only when one could not be reached or failed on its side. */
  writeOnce<T>(write: (member: AlertmanagerMember) => Promise<T>, signal?: AbortSignal): Promise<{ member: AlertmanagerMember; value: T }> {
    return this.tryInTurn(write, mayTryNextMember, signal);
  }

  /**
   * Sends to every member at once. Done when at least one took it: a member that missed it
   * gets it at the next renewal (escalations and notes are re-posted while they matter).
   * When none took it, a refusal is the answer rather than a member being down, since it
   * says what is wrong with the request.
   */
  async writeAll(write: (member: AlertmanagerMember) => Promise<void>, signal?: AbortSignal): Promise<{ took: AlertmanagerMember[]; missed: AlertmanagerMember[] }> {
    const settled = await Promise.allSettled(this.members.map((member) => write(member)));
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const took: AlertmanagerMember[] = [];
    const errors: Array<{ member: AlertmanagerMember; error: unknown }> = [];
    settled.forEach((result, i) => {
      const member = this.members[i]!;
      this.record(member, result.status === 'rejected' ? result.reason : undefined);
      if (result.status === 'fulfilled') took.push(member);
      else errors.push({ member, error: result.reason });
    });
    if (took.length === 0) {
      const refusal = errors.find((e) => !memberIsDown(e.error));
      throw refusal ? refusal.error : this.noneAnswered(errors);
    }
    return { took, missed: errors.map((e) => e.member) };
  }

  private async tryInTurn<T>(
    call: (member: AlertmanagerMember) => Promise<T>,
    tryNext: (error: unknown) => boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ member: AlertmanagerMember; value: T }> {
    const errors: Array<{ member: AlertmanagerMember; error: unknown }> = [];
    for (const member of this.ordered()) {
      try {
        const value = await call(member);
        this.record(member);
        return { member, value };
      } catch (error) {
        if (signal?.aborted) throw error;
        this.record(member, error);
        errors.push({ member, error });
        if (!tryNext(error)) throw error;
      }
    }
    throw this.noneAnswered(errors);
  }

  private record(member: AlertmanagerMember, error?: unknown): void {
    const at = this.now();
    if (error === undefined) this.outcomes.set(member, { ok: true, down: false, at });
    else this.outcomes.set(member, { ok: false, down: memberIsDown(error), error: describeError(error), at });
  }

  /** One member: its own error, as a lone Alertmanager always said it. Several: each member's, in one sentence. */
  private noneAnswered(errors: Array<{ member: AlertmanagerMember; error: unknown }>): unknown {
    if (this.members.length === 1 && errors[0]) return errors[0].error;
    const kinds = new Set(errors.map((e) => (e.error instanceof SourceError ? e.error.kind : 'unreachable')));
    const kind = kinds.size === 1 ? [...kinds][0]! : 'unreachable';
    const each = errors.map((e) => `${e.member.name}: ${describeError(e.error)}`).join('; ');
    return new SourceError(this.sourceId, `none of the ${this.members.length} members of ${this.sourceName} answers (${each})`, kind);
  }
}
