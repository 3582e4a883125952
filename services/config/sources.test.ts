import { describe, expect, it } from 'vitest';
import { SourceKindSchema } from '../../shared';
import { LockstepConfigSchema, SourceConfigSchema } from './sources';

describe('source config kinds', () => {
  it('has a config entry for every kind in the shared list (the type check enforces the same)', () => {
    for (const kind of SourceKindSchema.options) {
      const parsed = SourceConfigSchema.safeParse({ kind, id: 'x', name: 'X', url: 'http://127.0.0.1:1' });
      expect(parsed.success ? parsed.data.kind : parsed.error.issues[0]?.message).toBe(kind);
    }
  });

  it('refuses a kind the shared list does not have', () => {
    expect(SourceConfigSchema.safeParse({ kind: 'splunk', id: 'x', name: 'X', url: 'http://127.0.0.1:1' }).success).toBe(false);
  });

  it('reads the README example with the trace stores added', () => {
    const config = LockstepConfigSchema.parse({
      mode: 'custom',
      sources: [
        { kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9090', auth: { type: 'bearer', credential: 'prom-token' } },
        { kind: 'jaeger', id: 'jaeger', name: 'Jaeger', url: 'http://127.0.0.1:16686' },
        { kind: 'tempo', id: 'tempo', name: 'Tempo', url: 'http://127.0.0.1:3200', headers: { 'X-Scope-OrgID': 'fleet' }, maxResponseMB: 128 },
      ],
    });
    expect(config.sources.map((s) => s.kind)).toEqual(['prometheus', 'jaeger', 'tempo']);
    expect(config.sources[2]).toMatchObject({ timeoutMs: 10_000, maxResponseMB: 128 });
  });
});

describe('an Alertmanager HA cluster as one source', () => {
  const am = { kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://am-1:9093' };

  it('takes the other members as `urls` beside `url`', () => {
    const parsed = SourceConfigSchema.parse({ ...am, urls: ['http://am-2:9093', 'https://am-3.example:9093/'] });
    expect(parsed).toMatchObject({ url: 'http://am-1:9093', urls: ['http://am-2:9093', 'https://am-3.example:9093/'] });
    expect(SourceConfigSchema.parse(am)).not.toHaveProperty('urls');
  });

  it('refuses a member twice, a URL that is not http(s), and more than 10 members, saying why', () => {
    const issue = (urls: unknown) => {
      const parsed = SourceConfigSchema.safeParse({ ...am, urls });
      return parsed.success ? 'accepted' : parsed.error.issues[0]?.message;
    };
    expect(issue(['http://am-2:9093', 'http://am-2:9093'])).toBe('each member URL once');
    expect(issue(['ftp://am-2:9093'])).toBe('only http and https URLs are supported');
    expect(issue(Array.from({ length: 10 }, (_, i) => `http://am-${i + 2}:9093`))).toBe('at most 10 members in one Alertmanager cluster');
  });
});
