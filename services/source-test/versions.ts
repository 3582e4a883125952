/**
 * The oldest version of each product Lockstep supports, and why: each is the release that
 * brought an API Lockstep relies on, so an older one answers but misleads.
 */
export const MINIMUM_VERSIONS: Readonly<Record<string, { version: string; why: string }>> = {
  // Grafana's Prometheus data source draws the same lines (hasLabelsMatchAPISupport).
  Prometheus: { version: '2.24.0', why: 'match[] on label values came with 2.24.0, and Lockstep uses it to tell which series a source lacks' },
  Thanos: { version: '0.18.0', why: 'match[] on label values came with 0.18.0, and Lockstep uses it to tell which series a source lacks' },
  Cortex: { version: '1.11.0', why: 'match[] on label values came with 1.11.0, and Lockstep uses it to tell which series a source lacks' },
  Alertmanager: { version: '0.16.0', why: 'Lockstep speaks API v2, which came with 0.16.0' },
  Elasticsearch: { version: '5.0.0', why: 'Lockstep pages logs with search_after, which came with 5.0' },
};

/** [major, minor, patch] of "2.42.0", "v1.93.5", "0.25.0-rc.1"; undefined for anything else. */
export function parseVersion(text: string | undefined): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function olderThan(version: [number, number, number], minimum: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (version[i]! !== minimum[i]!) return version[i]! < minimum[i]!;
  return false;
}

/** One sentence when `product` at `version` is older than Lockstep supports; undefined when it is fine or the version is unknown. */
export function unsupportedVersion(product: string, version: string | undefined, host: string): string | undefined {
  const minimum = MINIMUM_VERSIONS[product];
  const parsed = parseVersion(version);
  if (!minimum || !parsed) return undefined;
  if (!olderThan(parsed, parseVersion(minimum.version)!)) return undefined;
  return `${host} runs ${product} ${version}, older than ${minimum.version}, the oldest Lockstep supports (${minimum.why}) — upgrade it`;
}
