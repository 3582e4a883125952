import type { Color, Deployment, SwitchRecord, TrafficWeights } from '../../shared';
import { DEPLOYED_SERVICES } from './catalog';

interface Release {
  version: string;
  /** A release with a defect: the simulation makes it misbehave while it is live. */
  faulty: boolean;
}

interface ServiceState {
  active: Color;
  colors: Record<Color, Release>;
  switchedAt?: number;
  /** Switches and shifts so far: the state's name in idempotency keys. */
  revision: number;
  /** Share of traffic per colour; a switch puts it all on the live colour. */
  weights: TrafficWeights;
  /** Recent switches, oldest first (the deployer's own record; consoles read it to tell which colour was bad). */
  history: SwitchRecord[];
}

/** How a switch request with an idempotency key was answered. */
export interface SwitchAnswer {
  /** switched: traffic moved now; replayed: the same key moved it before; already_live: nothing to do. */
  outcome: 'switched' | 'replayed' | 'already_live';
  deployment: Deployment;
}

const HISTORY_KEPT = 20;
const KEYS_KEPT = 1000;

export class UnknownServiceError extends Error {}
export class IdempotencyConflictError extends Error {}

const INITIAL: Record<string, [string, string]> = {
  'app-gateway': ['4.12.0', '4.11.3'],
  'ride-service': ['2.31.1', '2.30.0'],
  'lock-service': ['1.18.4', '1.18.2'],
  'iot-gateway': ['3.7.0', '3.6.5'],
  'payment-service': ['5.2.2', '5.2.0'],
};

/** Blue/green pairs behind a load balancer: one colour live, the other kept warm for rollback. */
export class Deployer {
  private readonly state = new Map<string, ServiceState>();
  private readonly listeners: Array<(d: Deployment, previous: Color) => void> = [];
  /** Idempotency key → the answer first given for it (kept for the last KEYS_KEPT keys). */
  private readonly answered = new Map<string, { service: string; color: Color; weights?: TrafficWeights; deployment: Deployment }>();
  /** How many times traffic actually moved, per service (what tests count). */
  private readonly moves = new Map<string, number>();

  constructor(private readonly now: () => number) {
    for (const service of DEPLOYED_SERVICES) {
      const [live, previous] = INITIAL[service] ?? ['1.0.0', '0.9.0'];
      this.state.set(service, {
        active: 'blue',
        colors: { blue: { version: live, faulty: false }, green: { version: previous, faulty: false } },
        revision: 0,
        weights: { blue: 100, green: 0 },
        history: [],
      });
    }
  }

  services(): string[] {
    return [...this.state.keys()];
  }

  list(): Deployment[] {
    return this.services().map((s) => this.get(s));
  }

  get(service: string): Deployment {
    const s = this.require(service);
    return {
      service,
      active: s.active,
      colors: { blue: { version: s.colors.blue.version }, green: { version: s.colors.green.version } },
      ...(s.switchedAt !== undefined ? { switchedAt: s.switchedAt } : {}),
      revision: s.revision,
      weights: { ...s.weights },
      history: s.history.map((h) => ({ ...h })),
    };
  }

  /** Routes live traffic to `color`; switching to the colour already live is a no-op. */
  switchTraffic(service: string, color: Color, by?: string): Deployment {
    const s = this.require(service);
    const previous = s.active;
    if (previous === color && s.weights[color] !== 100) {
      // Live already, but sharing traffic: all of it goes to `color` now.
      s.weights = color === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 };
      s.revision++;
      this.moves.set(service, (this.moves.get(service) ?? 0) + 1);
    }
    if (previous !== color) {
      s.active = color;
      // The fleet's clock moves in ticks: two switches in one tick still get distinct, ordered times.
      const last = s.history.at(-1)?.at ?? -Infinity;
      s.switchedAt = Math.max(this.now(), last + 1);
      s.revision++;
      s.weights = color === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 };
      s.history.push({ at: s.switchedAt, from: previous, to: color, version: s.colors[color].version, fromVersion: s.colors[previous].version, ...(by ? { by } : {}) });
      if (s.history.length > HISTORY_KEPT) s.history.splice(0, s.history.length - HISTORY_KEPT);
      this.moves.set(service, (this.moves.get(service) ?? 0) + 1);
    }
    const d = this.get(service);
    if (previous !== color) for (const l of this.listeners) l(d, previous);
    return d;
  }

  /**
   * A switch asked for over the API. The same idempotency key is done once: a repeat (from
   * a retry, or from a second console asking for the same rollback) gets the first answer
   * back as `replayed`, whatever happened since. Without a repeat, a switch to the colour
   * already live moves nothing and says so (`already_live`) — it is never "accepted".
   */
  requestSwitch(service: string, color: Color, options: { key?: string; by?: string } = {}): SwitchAnswer {
    const seen = options.key ? this.answered.get(options.key) : undefined;
    if (seen) {
      if (seen.service !== service || seen.color !== color) {
        throw new IdempotencyConflictError(`the key was used for switching ${seen.service} to ${seen.color}, not ${service} to ${color}`);
      }
      return { outcome: 'replayed', deployment: seen.deployment };
    }
    const s = this.require(service);
    if (s.active === color && s.weights[color] === 100) return { outcome: 'already_live', deployment: this.get(service) };
    const deployment = this.switchTraffic(service, color, options.by);
    if (options.key) {
      this.answered.set(options.key, { service, color, deployment });
      if (this.answered.size > KEYS_KEPT) this.answered.delete(this.answered.keys().next().value!);
    }
    return { outcome: 'switched', deployment };
  }

  /**
   * Splits a service's traffic between its colours (idempotent by key, like a switch).
   * The colour with more than half the traffic is the live one: moving the majority is a
   * switch, recorded in the history. The simulation still fails by the live colour alone.
   */
  requestWeights(service: string, weights: TrafficWeights, options: { key?: string; by?: string } = {}): SwitchAnswer {
    const seen = options.key ? this.answered.get(options.key) : undefined;
    if (seen) {
      if (seen.service !== service || seen.weights?.blue !== weights.blue) {
        throw new IdempotencyConflictError(`the key was used for another change of ${seen.service}`);
      }
      return { outcome: 'replayed', deployment: seen.deployment };
    }
    const s = this.require(service);
    if (s.weights.blue === weights.blue && s.weights.green === weights.green) return { outcome: 'already_live', deployment: this.get(service) };
    const majority: Color | undefined = weights.blue > 50 ? 'blue' : weights.green > 50 ? 'green' : undefined;
    if (majority && majority !== s.active) this.switchTraffic(service, majority, options.by);
    else s.revision++;
    s.weights = { ...weights };
    this.moves.set(service, (this.moves.get(service) ?? 0) + 1);
    const deployment = this.get(service);
    if (options.key) {
      this.answered.set(options.key, { service, color: majority ?? s.active, weights: { ...weights }, deployment });
      if (this.answered.size > KEYS_KEPT) this.answered.delete(this.answered.keys().next().value!);
    }
    return { outcome: 'switched', deployment };
  }

  /** How many times `service`'s traffic actually moved. */
  moveCount(service: string): number {
    return this.moves.get(service) ?? 0;
  }

  /** Installs `version` on the idle colour and switches traffic to it: a blue/green release. */
  release(service: string, version: string, faulty: boolean): Deployment {
    const s = this.require(service);
    const idle: Color = s.active === 'blue' ? 'green' : 'blue';
    s.colors[idle] = { version, faulty };
    return this.switchTraffic(service, idle, 'release pipeline');
  }

  /** Whether the live colour of `service` carries a defective release. */
  liveIsFaulty(service: string): boolean {
    const s = this.state.get(service);
    return s ? s.colors[s.active].faulty : false;
  }

  liveVersion(service: string): string {
    const s = this.require(service);
    return s.colors[s.active].version;
  }

  onSwitch(listener: (d: Deployment, previous: Color) => void): void {
    this.listeners.push(listener);
  }

  private require(service: string): ServiceState {
    const s = this.state.get(service);
    if (!s) throw new UnknownServiceError(`no deployment named "${service}"; known: ${this.services().join(', ')}`);
    return s;
  }
}
