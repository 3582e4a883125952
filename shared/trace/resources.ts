import type { Resource } from '../model/traces';

/** The trace's processes, each stored once; spans point at them by index. */
export class ResourceTable {
  readonly list: Resource[] = [];
  private readonly byKey = new Map<string, number>();

  /** The index of an equal resource already added, or of this one. */
  add(resource: Resource): number {
    const key = resourceKey(resource);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.list.length;
      this.list.push(resource);
      this.byKey.set(key, index);
    }
    return index;
  }
}

function resourceKey(r: Resource): string {
  let key = `${r.service}\u0000${r.version ?? ''}\u0000${r.host ?? ''}`;
  const names = Object.keys(r.attributes);
  if (names.length > 1) names.sort();
  for (const name of names) key += `\u0000${name}\u0001${r.attributes[name]}`;
  return key;
}

/**
 * Which clock stamped a span: its host where the backend says, else its service (two
 * services with no host named are assumed to run on different machines, one service on one).
 */
export function clockOf(resource: Resource | undefined, service: string): string {
  return resource?.host ? `host ${resource.host}` : `service ${resource?.service ?? service}`;
}

/** A host in words for notes: "10.0.0.1:8080 (lock-service)", or just the service when no host is known. */
export function whereOf(resource: Resource | undefined, service: string): string {
  return resource?.host ? `${resource.host} (${resource.service})` : (resource?.service ?? service);
}

/** The first of these attributes that is set: how each backend names the host and version. */
export function firstOf(attributes: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attributes[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Jaeger clients tag their process with `hostname` and `ip`; OTel resources say `host.name`. */
export const HOST_ATTRIBUTES = ['host.name', 'hostname', 'host.id', 'ip', 'host.ip'] as const;
export const VERSION_ATTRIBUTES = ['service.version', 'version'] as const;
