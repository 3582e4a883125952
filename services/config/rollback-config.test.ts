import { describe, expect, it } from 'vitest';
import { LockstepConfigSchema, SourceConfigSchema } from './sources';

describe('rollback configuration', () => {
  it('reads the window and the call graph, and leaves them out when absent', () => {
    const config = LockstepConfigSchema.parse({
      mode: 'custom',
      sources: [{ kind: 'deployer-http', id: 'deploy', name: 'Deployer', url: 'http://127.0.0.1:8080' }],
      rollback: { windowMinutes: 45, callGraph: { 'app-gateway': ['ride-service'], 'ride-service': ['lock-service'] } },
    });
    expect(config.rollback).toEqual({ windowMinutes: 45, callGraph: { 'app-gateway': ['ride-service'], 'ride-service': ['lock-service'] } });
    expect(LockstepConfigSchema.parse({ mode: 'demo', sources: [{ kind: 'demo', id: 'demo', name: 'Demo' }] }).rollback).toBeUndefined();
    expect(() => LockstepConfigSchema.parse({ mode: 'demo', sources: [{ kind: 'demo', id: 'demo', name: 'Demo' }], rollback: { windowMinutes: 0 } })).toThrow();
  });

  it('reads the two new deploy providers', () => {
    const hook = SourceConfigSchema.parse({
      kind: 'deploy-webhook',
      id: 'hook',
      name: 'Spinnaker',
      url: 'https://deploy.example.com',
      auth: { type: 'header', header: 'X-Api-Key', credential: 'deploy-key' },
      switch: { method: 'PUT', path: '/pipelines/rollback/{{service}}', body: '{"to":"{{color}}"}', expectStatus: [202] },
    });
    expect(hook).toMatchObject({ kind: 'deploy-webhook', deploymentsPath: '/api/deployments', switch: { method: 'PUT', expectStatus: [202] } });
    const argo = SourceConfigSchema.parse({ kind: 'argo-rollouts', id: 'argo', name: 'Argo', url: 'https://k8s.example.com:6443', namespace: 'fleet', rollouts: { 'lock-service': 'lock' } });
    expect(argo).toMatchObject({ namespace: 'fleet', rollouts: { 'lock-service': 'lock' } });
    expect(SourceConfigSchema.safeParse({ kind: 'argo-rollouts', id: 'argo', name: 'Argo', url: 'https://k', namespace: 'Bad_NS' }).success).toBe(false);
  });
});
