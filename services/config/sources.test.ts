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
    expect(SourceConfigSchema.safeParse({ kind: 'elasticsearch', id: 'x', name: 'X', url: 'http://127.0.0.1:1' }).success).toBe(false);
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
