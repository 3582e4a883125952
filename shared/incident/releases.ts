import { type Deployment, isSwitchBack, switchesOf } from '../model/deploy';

/** A release: a traffic switch that put something new live (not a switch back to what ran before). */
export interface ServiceRelease {
  service: string;
  at: number;
  version?: string;
}

/** Every release the deployer remembers, oldest first per service; switch-backs (rollbacks) are not releases. */
export function releasesOf(deployments: readonly Deployment[]): ServiceRelease[] {
  return deployments.flatMap((deployment) => {
    const switches = switchesOf(deployment);
    return switches.flatMap((s, i) =>
      isSwitchBack(switches, i) ? [] : [{ service: deployment.service, at: s.at, ...(s.version ? { version: s.version } : {}) }],
    );
  });
}

/** The release of `service` that a failure starting at `startsAt` plausibly followed, if any. */
export function releaseBefore(
  releases: readonly ServiceRelease[],
  service: string | undefined,
  startsAt: number,
  windowMs: number,
  skewMs: number,
): ServiceRelease | undefined {
  if (!service) return undefined;
  return releases
    .filter((r) => r.service === service && r.at <= startsAt + skewMs && r.at >= startsAt - windowMs)
    .sort((a, b) => b.at - a.at)[0];
}
