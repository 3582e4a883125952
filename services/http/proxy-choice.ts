import { BlockList, isIP } from 'node:net';

/** The proxy a source's requests go through, and where that was said (for the error words). */
export interface ProxyChoice {
  url: URL;
  /** "HTTPS_PROXY", "http_proxy", "ALL_PROXY"… or "this source's proxy setting". */
  from: string;
}

/** A proxy setting that cannot be used, in words for the person who set it. */
export class ProxySettingError extends Error {}

export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

const CONFIGURED = "this source's \"proxy\" setting";

/**
 * Which proxy, if any, a source at `target` uses. The source's own `proxy` wins: "none"
 * goes direct, a URL is always used (loopback too: it was asked for). Otherwise the
 * environment decides as curl does: `https_proxy`/`HTTPS_PROXY` for https URLs,
 * `http_proxy`/`HTTP_PROXY` for http, `all_proxy`/`ALL_PROXY` for either, lower case first;
 * `no_proxy`/`NO_PROXY` lists hosts that go direct. Loopback never goes through a proxy
 * taken from the environment: a console on the same machine as its stack must not send
 * its queries out to a corporate proxy that cannot reach back.
 */
export function chooseProxy(target: URL, setting: string | undefined, env: ProxyEnvironment): ProxyChoice | undefined {
  if (setting === 'none') return undefined;
  if (setting !== undefined) return { url: proxyUrl(setting, CONFIGURED), from: CONFIGURED };
  const host = bareHost(target.hostname);
  if (isLoopback(host)) return undefined;
  const scheme = target.protocol === 'https:' ? 'https' : 'http';
  const found = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']);
  if (!found) return undefined;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy && bypasses(noProxy.value, host, effectivePort(target))) return undefined;
  return { url: proxyUrl(found.value, found.name), from: found.name };
}

function firstSet(env: ProxyEnvironment, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** A proxy URL as curl reads it: a bare "host:port" means http://host:port. */
function proxyUrl(raw: string, from: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxySettingError(`the proxy in ${from} is not a URL: "${raw.slice(0, 200)}" — write it as http://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxySettingError(`the proxy in ${from} is ${url.protocol}//…, which Lockstep does not speak — use an HTTP or HTTPS proxy (http://host:port)`);
  }
  return url;
}

/** Hostnames compare without IPv6 brackets or a trailing dot, in lower case. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export function isLoopback(host: string): boolean {
  const h = bareHost(host);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * NO_PROXY as curl reads it, with Go's port and CIDR forms: entries split on commas or
 * spaces; `*` alone bypasses everything; a domain ("example.com", ".example.com" or
 * "*.example.com") matches itself and every name under it, at a label boundary only
 * ("ample.com" does not match "example.com"); an IP matches itself, a CIDR its range;
 * "host:port" (IPv6 as "[::1]:port") matches only that port.
 */
export function bypasses(noProxy: string, hostname: string, port: number): boolean {
  const host = bareHost(hostname);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/')) {
      if (inCidr(name, host)) return true;
      continue;
    }
    const domain = bareHost(name.replace(/^\*?\./, ''));
    if (!domain) continue;
    if (isIP(domain)) {
      if (isIP(host) && sameIp(domain, host)) return true;
      continue;
    }
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, ...(bracketed[2] ? { entryPort: Number(bracketed[2]) } : {}) };
  // A bare IPv6 address holds colons but no port.
  if (isIP(entry.split('/')[0] ?? '') === 6) return { name: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1]!, entryPort: Number(withPort[2]) };
  return { name: entry };
}

function inCidr(cidr: string, host: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = isIP(network ?? '');
  const prefix = Number(bits);
  const hostFamily = isIP(host);
  if (!family || hostFamily !== family || !Number.isInteger(prefix)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network!, prefix, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
  return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

function sameIp(a: string, b: string): boolean {
  if (isIP(a) !== isIP(b)) return false;
  const list = new BlockList();
  const family = isIP(a) === 4 ? 'ipv4' : 'ipv6';
  list.addAddress(a, family);
  return list.check(b, family);
}
