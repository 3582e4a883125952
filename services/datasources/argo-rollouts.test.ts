import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import type { CredentialReader } from '../settings/credentials';
import { createArgoRolloutsSource } from './argo-rollouts';
import { SourceError, type DataSource } from './types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixture = (name: string): Json => JSON.parse(readFileSync(join(__dirname, 'testdata', 'argo-rollouts', `${name}.json`), 'utf8')) as Json;

/** A ReplicaSet the Rollout controller would own: the Rollout's template with `image`, labelled with its hash and revision. */
function replicaSet(rollout: Json, hash: string, revision: number, image: string, created: string): Json {
  const template = structuredClone(rollout.spec.template) as Json;
  template.metadata.labels = { ...template.metadata.labels, 'rollouts-pod-template-hash': hash };
  template.spec.containers[0].image = image;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${rollout.metadata.name}-${hash}`,
      namespace: rollout.metadata.namespace,
      creationTimestamp: created,
      labels: { ...rollout.spec.selector.matchLabels, 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.metadata.name, uid: rollout.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: { ...rollout.spec.selector.matchLabels, 'rollouts-pod-template-hash': hash } }, template },
  };
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

/**
 * The part of the Kubernetes API server Lockstep uses, as published: GET Rollouts (one, or
 * the namespace's list), GET ReplicaSets by label selector, PATCH a Rollout (JSON patch) or
 * its status subresource (merge patch); errors as `Status` objects; bearer tokens checked.
 * No controller runs: a test plays the controller's part where it needs to.
 */
function kubeApi(token: string) {
  const rollouts = new Map<string, Json>();
  const replicaSets: Json[] = [];
  const patches: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (code: number, value: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
      const url = new URL(req.url ?? '/', 'http://kube');
      const rs = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/replicasets$/.exec(url.pathname);
      if (rs && req.method === 'GET') {
        const wanted = (url.searchParams.get('labelSelector') ?? '').split(',').filter(Boolean).map((kv) => kv.split('='));
        const items = replicaSets.filter((r) => r.metadata.namespace === rs[1] && wanted.every(([k, v]) => r.metadata.labels[k!] === v));
        return send(200, { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '1' }, items });
      }
      const ro = /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/rollouts(?:\/([^/]+))?(\/status)?$/.exec(url.pathname);
      if (!ro) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const [, ns, name, sub] = ro;
      if (!name && req.method === 'GET') {
        return send(200, { kind: 'RolloutList', apiVersion: 'argoproj.io/v1alpha1', metadata: {}, items: [...rollouts.values()].filter((r) => r.metadata.namespace === ns) });
      }
      const rollout = rollouts.get(`${ns}/${name}`);
      if (!rollout) return send(404, status(404, 'NotFound', `rollouts.argoproj.io "${name}" not found`));
      if (req.method === 'GET' && !sub) return send(200, rollout);
      if (req.method === 'PATCH') {
        patches.push({ method: req.method, url: url.pathname, headers: req.headers, body });
        const type = req.headers['content-type'];
        const patch = JSON.parse(body) as unknown;
        if (sub && type === 'application/merge-patch+json') {
          rollout.status = { ...rollout.status, ...(patch as Json).status };
        } else if (!sub && type === 'application/json-patch+json') {
          for (const op of patch as Json[]) {
            if (op.op !== 'replace' || op.path !== '/spec/template') return send(422, status(422, 'Invalid', `unsupported patch ${op.op} ${op.path}`));
            rollout.spec.template = op.value;
          }
        } else return send(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json`));
        rollout.metadata.generation += 1;
        return send(200, rollout);
      }
      send(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    });
  });
  return { server, rollouts, replicaSets, patches };
}

const credentials: CredentialReader = { get: async (name) => (name === 'kube-token' ? 'sekret-token' : undefined), howToAdd: (n) => `npm run credentials -- set ${n}` } as CredentialReader;

describe('argo-rollouts connector against the Kubernetes API', () => {
  let kube: ReturnType<typeof kubeApi>;
  let url: string;
  let source: DataSource;
  const config = (extra: Partial<SourceConfigOf<'argo-rollouts'>> = {}) =>
    SourceConfigSchema.parse({
      kind: 'argo-rollouts',
      id: 'argo',
      name: 'Argo',
      url,
      namespace: 'jesse-test',
      auth: { type: 'bearer', credential: 'kube-token' },
      rollouts: { 'lock-service': 'bluegreen-demo' },
      ...extra,
    }) as SourceConfigOf<'argo-rollouts'>;

  beforeAll(async () => {
    kube = kubeApi('sekret-token');
    await new Promise<void>((resolve) => kube.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(kube.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => kube.server.close(() => resolve())));

  /** The recorded blue-green Rollout (paused before promotion) with its two ReplicaSets. */
  function seedBlueGreen(): Json {
    kube.rollouts.clear();
    kube.replicaSets.length = 0;
    kube.patches.length = 0;
    const rollout = fixture('bluegreen-rollout-paused');
    kube.rollouts.set('jesse-test/bluegreen-demo', rollout);
    kube.replicaSets.push(replicaSet(rollout, '6cbccd9f99', 10, 'argoproj/rollouts-demo:blue', '2019-10-27T10:00:00Z'));
    kube.replicaSets.push(replicaSet(rollout, '74b948fccb', 11, 'argoproj/rollouts-demo:green', '2019-10-28T04:50:00Z'));
    return rollout;
  }
  beforeEach(() => {
    seedBlueGreen();
    source = createArgoRolloutsSource(config(), { credentials });
  });

  it('shows a paused blue-green Rollout: traffic still on the stable ReplicaSet, the preview not live', async () => {
    const [d] = await source.deploys!.listDeployments();
    expect(d).toMatchObject({ service: 'lock-service', active: 'blue' });
    expect(d!.colors.blue?.version).toBe('argoproj/rollouts-demo:blue (revision 10)');
    expect(d!.colors.green?.version).toBe('argoproj/rollouts-demo:green (revision 11)');
    const answer = await source.deploys!.requestSwitch!({ service: 'lock-service', color: 'blue', idempotencyKey: 'k-1234567', requestedBy: 'ana' });
    expect(answer.outcome).toBe('already_live');
    expect(kube.patches).toEqual([]);
  });

  it('undoes a promoted blue-green Rollout to the previous revision with the JSON patch kubectl would send', async () => {
    const rollout = kube.rollouts.get('jesse-test/bluegreen-demo')!;
    // As the controller leaves it after promotion: the new ReplicaSet is stable and active.
    Object.assign(rollout.status, { stableRS: '74b948fccb', currentPodHash: '74b948fccb', blueGreen: { activeSelector: '74b948fccb' }, pauseConditions: undefined, controllerPause: undefined });
    const before = (await source.deploys!.listDeployments())[0]!;
    expect(before.active).toBe('green');
    const request = { service: 'lock-service', color: 'blue' as const, idempotencyKey: 'k-1234567', requestedBy: 'ana' };

    const [preview] = await source.deploys!.previewSwitch!(request);
    expect(preview).toMatchObject({ method: 'PATCH', url: `${url}/apis/argoproj.io/v1alpha1/namespaces/jesse-test/rollouts/bluegreen-demo` });
    expect(preview!.headers.authorization).toBe('Bearer ••••• (credential "kube-token")');
    expect(preview!.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.stringify(preview)).not.toContain('sekret-token');

    // The API server takes the patch; until the controller acts, traffic has not moved: said as unclear, not as done.
    const error = await source.deploys!.requestSwitch!(request).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('timeout');
    expect(kube.patches).toHaveLength(1);
    const sent = JSON.parse(kube.patches[0]!.body) as Json[];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ op: 'replace', path: '/spec/template' });
    expect(sent[0]!.value.spec.containers[0].image).toBe('argoproj/rollouts-demo:blue');
    expect(sent[0]!.value.metadata.labels).toEqual({ app: 'bluegreen-demo' });
    expect(preview!.body).toBe(kube.patches[0]!.body);

    // The controller rolls the previous revision out and promotes it: now it reads as switched.
    Object.assign(rollout.status, { stableRS: '6cbccd9f99', currentPodHash: '6cbccd9f99', blueGreen: { activeSelector: '6cbccd9f99' } });
    expect((await source.deploys!.listDeployments())[0]!.active).toBe('blue');
  });

  it('aborts a canary update under way with the merge patch on the status subresource', async () => {
    const rollout = fixture('canary-rollout-aborted');
    delete rollout.status.abort;
    delete rollout.status.abortedAt;
    kube.rollouts.set('default/rollout-background-analysis', rollout);
    kube.replicaSets.push(replicaSet(rollout, '7d84d44bb8', 1, 'argoproj/rollouts-demo:blue', '2020-09-22T09:09:46Z'));
    kube.replicaSets.push(replicaSet(rollout, 'db976bc44', 2, 'argoproj/rollouts-demo:yellow', '2020-09-22T09:09:59Z'));
    const canary = createArgoRolloutsSource(config({ namespace: 'default', rollouts: { 'ride-service': 'rollout-background-analysis' } }), { credentials });
    const before = (await canary.deploys!.listDeployments())[0]!;
    const stableColor = before.colors.blue?.version.includes(':blue') ? 'blue' : 'green';
    expect(before.active).not.toBe(stableColor);
    expect(before.colors[before.active]?.version).toBe('argoproj/rollouts-demo:yellow (revision 2)');

    const answer = await canary.deploys!.requestSwitch!({ service: 'ride-service', color: stableColor, idempotencyKey: 'k-1234567', requestedBy: 'ana' });
    expect(answer.outcome).toBe('switched');
    expect(answer.deployment.active).toBe(stableColor);
    expect(kube.patches).toHaveLength(1);
    expect(kube.patches[0]).toMatchObject({ url: '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/rollout-background-analysis/status', body: '{"status":{"abort":true}}' });
    expect(kube.patches[0]!.headers['content-type']).toBe('application/merge-patch+json');
    expect(kube.patches[0]!.headers.authorization).toBe('Bearer sekret-token');
  });

  it('reads the recorded aborted canary as back on stable, and will not switch to the aborted release', async () => {
    const rollout = fixture('canary-rollout-aborted');
    kube.rollouts.set('default/rollout-background-analysis', rollout);
    kube.replicaSets.push(replicaSet(rollout, '7d84d44bb8', 1, 'argoproj/rollouts-demo:blue', '2020-09-22T09:09:46Z'));
    kube.replicaSets.push(replicaSet(rollout, 'db976bc44', 2, 'argoproj/rollouts-demo:yellow', '2020-09-22T09:09:59Z'));
    const canary = createArgoRolloutsSource(config({ namespace: 'default', rollouts: {} }), { credentials });
    const [d] = await canary.deploys!.listDeployments();
    expect(d!.service).toBe('rollout-background-analysis');
    expect(d!.colors[d!.active]?.version).toBe('argoproj/rollouts-demo:blue (revision 1)');
    expect(d!.switchedAt).toBe(Date.parse('2020-09-22T09:10:05Z'));
    const other = d!.active === 'blue' ? 'green' : 'blue';
    await expect(canary.deploys!.requestSwitch!({ service: 'rollout-background-analysis', color: other, idempotencyKey: 'k-1234567', requestedBy: 'ana' })).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/neither an abort nor an undo/),
    });
    expect(kube.patches).toEqual([]);
  });

  it("passes on the API server's own words for a missing Rollout and a refused token", async () => {
    await expect(source.deploys!.requestSwitch!({ service: 'nope', color: 'blue', idempotencyKey: 'k-1234567', requestedBy: 'ana' })).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining('rollouts.argoproj.io "nope" not found'),
    });
    const wrong = createArgoRolloutsSource(config(), { credentials: { ...credentials, get: async () => 'wrong' } as CredentialReader });
    await expect(wrong.deploys!.listDeployments()).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('Unauthorized') });
  });
});
