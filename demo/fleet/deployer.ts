import type { Color, Deployment } from '../../shared';
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
}

export class UnknownServiceError extends Error {}

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

  constructor(private readonly now: () => number) {
    for (const service of DEPLOYED_SERVICES) {
      const [live, previous] = INITIAL[service] ?? ['1.0.0', '0.9.0'];
      this.state.set(service, {
        active: 'blue',
        colors: { blue: { version: live, faulty: false }, green: { version: previous, faulty: false } },
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
    };
  }

  /** Routes live traffic to `color`; switching to the colour already live is a no-op. */
  switchTraffic(service: string, color: Color): Deployment {
    const s = this.require(service);
    const previous = s.active;
    if (previous !== color) {
      s.active = color;
      s.switchedAt = this.now();
    }
    const d = this.get(service);
    if (previous !== color) for (const l of this.listeners) l(d, previous);
    return d;
  }

  /** Installs `version` on the idle colour and switches traffic to it: a blue/green release. */
  release(service: string, version: string, faulty: boolean): Deployment {
    const s = this.require(service);
    const idle: Color = s.active === 'blue' ? 'green' : 'blue';
    s.colors[idle] = { version, faulty };
    return this.switchTraffic(service, idle);
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
