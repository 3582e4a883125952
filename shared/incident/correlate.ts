import { downstreamOf } from '../model/call-graph';
import type { CorrelationConfig } from '../model/incident';
import { releaseBefore, type ServiceRelease } from './releases';

/** A release this long before a group's failure began is a suspect for it. */
export const RELEASE_WINDOW_MS = 30 * 60_000;

/** One alert group as correlation sees it. */
export interface GroupNode {
  key: string;
  labels: Readonly<Record<string, string>>;
  /** Names of the alerts in it. */
  alertnames: readonly string[];
  /** Earliest start among its alerts. */
  startsAt: number;
  /** Severity rank of its worst alert (higher is worse). */
  severity: number;
  /** Has an alert firing now (a group whose alerts all ended explains nothing any more). Default true. */
  firing?: boolean;
}

export interface Cluster {
  keys: string[];
  /** The group named as the probable cause. */
  cause: string;
  /** Why the groups were joined, deduplicated, in a stable order. */
  reasons: string[];
}

/**
 * Joins groups that share a cause: an inhibition between their alerts, a failing
 * dependency (a caller and what it calls, directly or not), a symptom of a path with a
 * failing service on it, one place, one release. `links` are extra joins known from
 * elsewhere (inhibitions, groups already in one open incident). Deterministic: the same
 * groups give the same clusters, the same cause and the same reasons on every console.
 */
export function correlate(
  groups: readonly GroupNode[],
  links: ReadonlyArray<{ a: string; b: string; reason: string }>,
  config: CorrelationConfig,
  /** What the deployer released (see releases.ts): a failing service released just before explains its callees' failures too. */
  releases: readonly ServiceRelease[] = [],
): Cluster[] {
  const sorted = [...groups].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const parent = new Map(sorted.map((g) => [g.key, g.key]));
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const reasons: Array<{ a: string; b: string; reason: string }> = [];
  const join = (a: string, b: string, reason: string) => {
    if (!parent.has(a) || !parent.has(b) || a === b) return;
    reasons.push({ a, b, reason });
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const link of links) join(link.a, link.b, link.reason);

  const reach = new Map<string, Set<string>>();
  const downstream = (service: string) => {
    let set = reach.get(service);
    if (!set) reach.set(service, (set = downstreamOf([service], config.callGraph)));
    return set;
  };
  /** Groups explained by another group: key → the explaining keys. */
  const explainedBy = new Map<string, Set<string>>();
  const explains = (effect: string, cause: string) => {
    let set = explainedBy.get(effect);
    if (!set) explainedBy.set(effect, (set = new Set()));
    set.add(cause);
  };
  for (const link of links) if (link.reason.startsWith('inhibited')) explains(link.a, link.b);

  // A failing caller (or a symptom of a path) joins ONE failing dependency: the one whose
  // failure began last before its own (allowing for evaluation skew), else the first after.
  // So a caller cannot bridge two independent failures of different dependencies.
  const SKEW_MS = 60_000;
  const pickCause = (effect: GroupNode, candidates: GroupNode[]): GroupNode | undefined => {
    const before = candidates.filter((c) => c.startsAt <= effect.startsAt + SKEW_MS);
    const pool = before.length > 0 ? before : candidates;
    return pool.slice().sort(
      (x, y) =>
        (before.length > 0 ? y.startsAt - x.startsAt : x.startsAt - y.startsAt) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
    )[0];
  };
  const releasedBefore = (g: GroupNode) => releaseBefore(releases, g.labels.service, g.startsAt, RELEASE_WINDOW_MS, SKEW_MS);
  for (const a of sorted) {
    const sa = a.labels.service;
    if (sa) {
      const reachable = downstream(sa);
      const cause = pickCause(a, sorted.filter((b) => b.labels.service && b.labels.service !== sa && reachable.has(b.labels.service)));
      if (cause) {
        const release = releasedBefore(a);
        // A service that failed right after its own release is not explained by what it calls:
        // the new release is the likelier cause, and the callee's errors its effect.
        if (release && !releasedBefore(cause)) {
          join(a.key, cause.key, `${sa} calls ${cause.labels.service}; ${sa} was released${release.version ? ` (${release.version})` : ''} just before it failed`);
          explains(cause.key, a.key);
        } else {
          join(a.key, cause.key, `${sa} calls ${cause.labels.service}`);
          explains(a.key, cause.key);
        }
      }
      continue;
    }
    const paths = a.alertnames.flatMap((name) => (config.symptoms[name] ?? []).map((service) => ({ name, service })));
    if (paths.length === 0) continue;
    const onPath = sorted.filter((b) => b.labels.service && paths.some((p) => p.service === b.labels.service));
    // In the same place, a failing service there explains it first (a city's gateway for that city's unlocks).
    const here = onPath.filter((b) => config.placeLabels.some((l) => a.labels[l] && a.labels[l] === b.labels[l]));
    const cause = pickCause(a, here.length > 0 ? here : onPath.filter((b) => config.placeLabels.every((l) => !b.labels[l])));
    if (cause) {
      join(a.key, cause.key, `${paths.find((p) => p.service === cause.labels.service)?.name ?? a.alertnames[0]} is a symptom of ${cause.labels.service}`);
      explains(a.key, cause.key);
    }
  }
  for (const a of sorted) {
    for (const b of sorted) {
      if (a.key >= b.key) continue;
      for (const label of config.placeLabels) {
        const v = a.labels[label];
        if (v && v === b.labels[label]) {
          join(a.key, b.key, `one ${label}: ${v}`);
          // A group without a service in a place where a service group fails is explained by it.
          if (!a.labels.service && b.labels.service) explains(a.key, b.key);
          if (!b.labels.service && a.labels.service) explains(b.key, a.key);
        }
      }
      for (const label of config.releaseLabels) {
        const v = a.labels[label];
        if (v && v === b.labels[label]) join(a.key, b.key, `one release: ${v}`);
      }
    }
  }

  const byRoot = new Map<string, GroupNode[]>();
  for (const g of sorted) {
    const root = find(g.key);
    const list = byRoot.get(root) ?? [];
    list.push(g);
    byRoot.set(root, list);
  }
  const clusters: Cluster[] = [];
  for (const members of byRoot.values()) {
    const keys = new Set(members.map((m) => m.key));
    const firing = new Set(members.filter((m) => m.firing !== false).map((m) => m.key));
    // The cause is a firing group nothing firing explains: a dependency that recovered no longer explains its callers.
    const unexplained = members.filter((m) => firing.has(m.key) && ![...(explainedBy.get(m.key) ?? [])].some((c) => firing.has(c) && c !== m.key));
    const candidates = (unexplained.length > 0 ? unexplained : members).slice().sort(
      (x, y) =>
        Number(firing.has(y.key)) - Number(firing.has(x.key)) ||
        Number(!!releasedBefore(y)) - Number(!!releasedBefore(x)) ||
        Number(!!y.labels.service) - Number(!!x.labels.service) ||
        y.severity - x.severity ||
        x.startsAt - y.startsAt ||
        (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
    );
    const why = [...new Set(reasons.filter((r) => keys.has(r.a)).map((r) => r.reason))].sort();
    clusters.push({ keys: members.map((m) => m.key), cause: candidates[0]!.key, reasons: why });
  }
  return clusters;
}
