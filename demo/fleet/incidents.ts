import { CITIES, PROVIDERS, type City, type Provider } from './catalog';
import type { Deployer } from './deployer';
import type { Random } from './random';

export const INCIDENT_NAMES = ['bad-release', 'payment-outage', 'gateway-partition'] as const;
export type IncidentName = (typeof INCIDENT_NAMES)[number];

export interface ActiveIncident {
  name: IncidentName;
  startedAt: number;
  /** When it heals by itself; absent when it needs an operator (bad-release needs a rollback). */
  endsAt?: number;
  detail: string;
}

export interface IncidentSchedule {
  enabled: boolean;
  /** Gap between scheduled incidents, drawn uniformly from [min, max] ms. */
  minGapMs: number;
  maxGapMs: number;
}

export class UnknownIncidentError extends Error {}

const PAYMENT_OUTAGE_MS = 4 * 60_000;
/** The city is offline (three missed heartbeats, locks.ts) for most of it: long enough for CityLocksOffline and a page. */
const PARTITION_MS = 10 * 60_000;
/** When nobody rolls back a scheduled bad release, the simulated on-call does after this. */
const SCHEDULED_ROLLBACK_MS = 12 * 60_000;

export function isIncidentName(name: string): name is IncidentName {
  return (INCIDENT_NAMES as readonly string[]).includes(name);
}

/** The scripted failures; each shows up in metrics, traces and logs through the simulation. */
export class Incidents {
  private badRelease: { startedAt: number; version: string; autoRollbackAt?: number } | undefined;
  private paymentOutage: { provider: Provider; startedAt: number; endsAt: number } | undefined;
  private partition: { city: City; startedAt: number; endsAt: number } | undefined;
  private nextScheduledAt: number;
  private releaseCounter = 0;

  constructor(
    private readonly deployer: Deployer,
    private readonly rng: Random,
    private readonly schedule: IncidentSchedule,
    private readonly log: (msg: string, service: string, level: 'info' | 'warn' | 'error', time: number) => void,
    start: number,
  ) {
    this.nextScheduledAt = start + this.gap();
  }

  trigger(name: string, now: number, scheduled = false): ActiveIncident {
    if (!isIncidentName(name)) throw new UnknownIncidentError(`no incident named "${name}"; known: ${INCIDENT_NAMES.join(', ')}`);
    const already = this.active(now).find((i) => i.name === name);
    if (already) return already;
    if (name === 'bad-release') {
      this.releaseCounter++;
      const version = `1.19.${this.releaseCounter - 1}`;
      this.deployer.release('lock-service', version, true);
      this.badRelease = { startedAt: now, version, ...(scheduled ? { autoRollbackAt: now + SCHEDULED_ROLLBACK_MS } : {}) };
      this.log(`release ${version} is live on lock-service`, 'lock-service', 'info', now);
    } else if (name === 'payment-outage') {
      const provider = this.rng.pick(PROVIDERS.slice(0, 2));
      this.paymentOutage = { provider, startedAt: now, endsAt: now + PAYMENT_OUTAGE_MS };
      this.log(`provider ${provider} is degraded: elevated errors and timeouts`, 'payment-service', 'warn', now);
    } else {
      const city = this.rng.pick(CITIES);
      this.partition = { city, startedAt: now, endsAt: now + PARTITION_MS };
      this.log(`lost connectivity to the ${city} cellular gateway cluster`, 'iot-gateway', 'error', now);
    }
    const started = this.active(now).find((i) => i.name === name);
    if (!started) throw new Error(`incident ${name} did not start`);
    return started;
  }

  /** Ends what has run its course and starts the next scheduled incident when due. */
  advance(now: number): void {
    if (this.paymentOutage && now >= this.paymentOutage.endsAt) {
      this.log(`provider ${this.paymentOutage.provider} recovered`, 'payment-service', 'info', now);
      this.paymentOutage = undefined;
    }
    if (this.partition && now >= this.partition.endsAt) {
      this.log(`connectivity to the ${this.partition.city} gateway cluster restored`, 'iot-gateway', 'info', now);
      this.partition = undefined;
    }
    if (this.badRelease) {
      if (!this.deployer.liveIsFaulty('lock-service')) this.badRelease = undefined;
      else if (this.badRelease.autoRollbackAt !== undefined && now >= this.badRelease.autoRollbackAt) {
        const live = this.deployer.get('lock-service').active;
        this.deployer.switchTraffic('lock-service', live === 'blue' ? 'green' : 'blue');
        this.badRelease = undefined;
      }
    }
    if (this.schedule.enabled && now >= this.nextScheduledAt) {
      this.nextScheduledAt = now + this.gap();
      const idle = INCIDENT_NAMES.filter((n) => !this.active(now).some((i) => i.name === n));
      if (idle.length > 0) this.trigger(this.rng.pick(idle), now, true);
    }
  }

  active(now: number): ActiveIncident[] {
    const out: ActiveIncident[] = [];
    if (this.badRelease && this.deployer.liveIsFaulty('lock-service')) {
      out.push({
        name: 'bad-release',
        startedAt: this.badRelease.startedAt,
        ...(this.badRelease.autoRollbackAt !== undefined ? { endsAt: this.badRelease.autoRollbackAt } : {}),
        detail: `lock-service ${this.badRelease.version} is live; switch lock-service back to the previous colour to heal`,
      });
    }
    if (this.paymentOutage && now < this.paymentOutage.endsAt) {
      const p = this.paymentOutage;
      out.push({ name: 'payment-outage', startedAt: p.startedAt, endsAt: p.endsAt, detail: `payment provider ${p.provider} failing` });
    }
    if (this.partition && now < this.partition.endsAt) {
      const p = this.partition;
      out.push({ name: 'gateway-partition', startedAt: p.startedAt, endsAt: p.endsAt, detail: `IoT gateway in ${p.city} partitioned` });
    }
    return out;
  }

  degradedProvider(now: number): Provider | undefined {
    return this.paymentOutage && now < this.paymentOutage.endsAt ? this.paymentOutage.provider : undefined;
  }

  partitionedCity(now: number): City | undefined {
    return this.partition && now < this.partition.endsAt ? this.partition.city : undefined;
  }

  private gap(): number {
    return this.schedule.minGapMs + this.rng.next() * Math.max(0, this.schedule.maxGapMs - this.schedule.minGapMs);
  }
}
