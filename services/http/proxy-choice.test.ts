import { describe, expect, it } from 'vitest';
import { bypasses, chooseProxy, isLoopback } from './proxy-choice';

const choose = (url: string, setting: string | undefined, env: Record<string, string>) => {
  const choice = chooseProxy(new URL(url), setting, env);
  return choice ? `${choice.url.host} from ${choice.from}` : 'direct';
};

describe('which proxy a source uses', () => {
  it('takes the scheme’s variable, lower case first, then ALL_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'plain:8080', ALL_PROXY: 'http://all:1' };
    expect(choose('https://prom.example', undefined, env)).toBe('lower:3128 from https_proxy');
    expect(choose('http://prom.example', undefined, env)).toBe('plain:8080 from HTTP_PROXY');
    expect(choose('http://prom.example', undefined, { ALL_PROXY: 'http://all:1' })).toBe('all:1 from ALL_PROXY');
    expect(choose('http://prom.example', undefined, {})).toBe('direct');
  });

  it('never sends loopback through a proxy from the environment, but does when the source says so', () => {
    const env = { HTTP_PROXY: 'http://proxy:3128' };
    for (const url of ['http://127.0.0.1:9090', 'http://localhost:9090', 'http://[::1]:9090', 'http://api.localhost']) expect(choose(url, undefined, env)).toBe('direct');
    expect(choose('http://127.0.0.1:9090', 'http://127.0.0.1:3128', {})).toBe(`127.0.0.1:3128 from this source's "proxy" setting`);
    expect(choose('http://prom.example', 'none', env)).toBe('direct');
  });

  it('says what is wrong with a proxy it cannot use', () => {
    expect(() => choose('http://prom.example', undefined, { HTTP_PROXY: 'socks5://proxy:1080' })).toThrow(
      'the proxy in HTTP_PROXY is socks5://…, which Lockstep does not speak — use an HTTP or HTTPS proxy (http://host:port)',
    );
    expect(() => choose('http://prom.example', undefined, { HTTP_PROXY: 'http://exa mple:99' })).toThrow('the proxy in HTTP_PROXY is not a URL: "http://exa mple:99" — write it as http://host:port');
  });
});

describe('NO_PROXY, as curl reads it', () => {
  it('matches a domain and the names under it, at a label boundary', () => {
    expect(bypasses('example.com', 'example.com', 80)).toBe(true);
    expect(bypasses('example.com', 'prom.example.com', 80)).toBe(true);
    expect(bypasses('.example.com', 'example.com', 80)).toBe(true);
    expect(bypasses('*.example.com', 'a.b.example.com', 80)).toBe(true);
    expect(bypasses('example.com', 'badexample.com', 80)).toBe(false);
    expect(bypasses('ample.com', 'example.com', 80)).toBe(false);
    expect(bypasses('EXAMPLE.com.', 'Prom.Example.COM', 80)).toBe(true);
  });

  it('takes *, lists split by commas or spaces, ports, IPs and CIDR ranges', () => {
    expect(bypasses('*', 'anything.example', 443)).toBe(true);
    expect(bypasses(' foo.example ,  bar.example  baz.example', 'baz.example', 80)).toBe(true);
    expect(bypasses('prom.example:9090', 'prom.example', 9090)).toBe(true);
    expect(bypasses('prom.example:9090', 'prom.example', 443)).toBe(false);
    expect(bypasses('10.1.2.3', '10.1.2.3', 80)).toBe(true);
    expect(bypasses('10.0.0.0/8', '10.200.1.1', 80)).toBe(true);
    expect(bypasses('10.0.0.0/8', '11.0.0.1', 80)).toBe(false);
    expect(bypasses('10.0.0.0/8', 'ten.example', 80)).toBe(false);
    expect(bypasses('fd00::/8', '[fd12::1]', 80)).toBe(true);
    expect(bypasses('[fd12::1]:8080', '[fd12::1]', 8080)).toBe(true);
    expect(bypasses('fd12::1', 'fd12::1', 80)).toBe(true);
    expect(bypasses('', 'prom.example', 80)).toBe(false);
  });

  it('through chooseProxy: lower-case no_proxy first', () => {
    expect(choose('https://prom.corp.example:9090', undefined, { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'corp.example', NO_PROXY: 'other.example' })).toBe('direct');
    expect(choose('https://prom.corp.example:9090', undefined, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'other.example' })).toBe('proxy:3128 from HTTPS_PROXY');
  });

  it('knows loopback names and addresses', () => {
    expect(['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', 'x.localhost', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['prom.example', '10.0.0.1', '::2', 'localhost.example'].some(isLoopback)).toBe(false);
  });
});
