import { z } from 'zod';
import type { Color, Deployment } from '../../shared';
import type { SourceConfigOf } from '../config/sources';
import { prepared, previewHeaders } from '../deploys/request-preview';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource, type PreparedRequest, type SwitchRequest, type SwitchResult } from './types';
import { describeError } from '../util/errors';

/** What Lockstep reads of a Rollout (argoproj.io/v1alpha1); everything else passes through untouched. */
const RolloutSchema = z.object({
  metadata: z.object({ name: z.string(), uid: z.string(), annotations: z.record(z.string(), z.string()).optional() }),
  spec: z.object({
    selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
    strategy: z.object({ blueGreen: z.object({}).passthrough().optional(), canary: z.object({}).passthrough().optional() }).passthrough(),
    template: z.unknown(),
  }),
  status: z
    .object({
      stableRS: z.string().optional(),
      currentPodHash: z.string().optional(),
      abort: z.boolean().optional(),
      abortedAt: z.string().optional(),
      blueGreen: z.object({ activeSelector: z.string().optional(), previewSelector: z.string().optional() }).optional(),
    })
    .optional(),
});
type Rollout = z.infer<typeof RolloutSchema>;
const RolloutListSchema = z.object({ items: z.array(RolloutSchema) });

const PodTemplateSchema = z
  .object({
    metadata: z.object({ labels: z.record(z.string(), z.string()).optional() }).passthrough().optional(),
    spec: z.object({ containers: z.array(z.object({ image: z.string().optional() }).passthrough()) }).passthrough(),
  })
  .passthrough();
const ReplicaSetSchema = z.object({
  metadata: z.object({
    name: z.string(),
    creationTimestamp: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    ownerReferences: z.array(z.object({ uid: z.string(), controller: z.boolean().optional() })).optional(),
  }),
  spec: z.object({ template: PodTemplateSchema }),
});
type ReplicaSet = z.infer<typeof ReplicaSetSchema>;
const ReplicaSetListSchema = z.object({ items: z.array(ReplicaSetSchema) });

const HASH_LABEL = 'rollouts-pod-template-hash';
const REVISION = 'rollout.argoproj.io/revision';

interface RsInfo {
  hash: string;
  revision: number;
  createdAt?: number;
  version: string;
  template: z.infer<typeof PodTemplateSchema>;
}

/** How a Rollout looks as a blue/green pair: the two ReplicaSets that matter, and what switching to each means. */
export interface RolloutView {
  rollout: Rollout;
  deployment: Deployment;
  /** ReplicaSet hash of each colour. */
  hashes: Partial<Record<Color, string>>;
  /** Switching to this colour aborts the update under way (traffic back to stable). */
  abortTo?: Color;
  /** Switching to this colour is `undo`: the previous revision's template back into the Rollout. */
  undoTo?: { color: Color; template: unknown };
}

/** A pod template with the controller's hash label removed (as `kubectl argo rollouts undo` does before comparing or restoring). */
function withoutHash(template: unknown): unknown {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (copy?.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return copy;
}
const sameTemplate = (a: unknown, b: unknown) => stableJson(withoutHash(a)) === stableJson(withoutHash(b));
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function info(rs: ReplicaSet): RsInfo | undefined {
  const hash = rs.metadata.labels?.[HASH_LABEL];
  if (!hash) return undefined;
  const images = rs.spec.template.spec.containers.map((c) => c.image).filter(Boolean);
  const revision = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  const created = rs.metadata.creationTimestamp ? Date.parse(rs.metadata.creationTimestamp) : undefined;
  return {
    hash,
    revision,
    ...(created !== undefined && !Number.isNaN(created) ? { createdAt: created } : {}),
    version: `${images.join(', ') || hash} (revision ${revision})`,
    template: rs.spec.template,
  };
}

/**
 * A Rollout as Lockstep's blue/green pair. Live is the stable ReplicaSet when the update
 * was aborted; for blue-green, the active Service's selector; for canary, the desired
 * revision (the ReplicaSet whose template the Rollout's spec holds), which takes traffic. The other colour is the stable ReplicaSet while an update is under way (switching
 * to it = abort), else the previous revision (switching to it = undo). Colours go by hash
 * order within the pair, so a colour keeps its meaning across abort and undo. The switch
 * time is when the live ReplicaSet was created (or the abort), which Argo does not record
 * more precisely.
 */
export function viewOf(service: string, rollout: Rollout, replicaSets: readonly ReplicaSet[]): RolloutView {
  const owned = replicaSets
    .filter((rs) => !rs.metadata.ownerReferences || rs.metadata.ownerReferences.some((o) => o.uid === rollout.metadata.uid && o.controller !== false))
    .map(info)
    .filter((x): x is RsInfo => x !== undefined);
  const byHash = new Map(owned.map((rs) => [rs.hash, rs]));
  const status = rollout.status ?? {};
  const stable = status.stableRS ?? status.blueGreen?.activeSelector;
  const desired = owned.find((rs) => sameTemplate(rs.template, rollout.spec.template))?.hash ?? status.currentPodHash ?? stable;
  if (!stable || !desired) throw new Error(`the Rollout ${rollout.metadata.name} has no stable ReplicaSet yet`);
  const aborted = status.abort === true;
  // Blue-green: production traffic follows the active Service's selector (the preview takes none until promotion).
  const live = aborted ? stable : rollout.spec.strategy.blueGreen ? (status.blueGreen?.activeSelector ?? stable) : desired;
  let other: string | undefined;
  if (desired !== stable) other = live === stable ? desired : stable;
  else other = owned.filter((rs) => rs.hash !== live && rs.revision < (byHash.get(live)?.revision ?? Infinity)).sort((a, b) => b.revision - a.revision)[0]?.hash;

  const pair = [live, other].filter((h): h is string => h !== undefined).sort();
  const colorOf = (hash: string): Color => (pair.indexOf(hash) === 0 ? 'blue' : 'green');
  const colors: Deployment['colors'] = {};
  const hashes: Partial<Record<Color, string>> = {};
  for (const hash of pair) {
    colors[colorOf(hash)] = { version: byHash.get(hash)?.version ?? hash };
    hashes[colorOf(hash)] = hash;
  }
  const abortedAt = status.abortedAt ? Date.parse(status.abortedAt) : undefined;
  const switchedAt = aborted && abortedAt !== undefined && !Number.isNaN(abortedAt) ? abortedAt : byHash.get(live)?.createdAt;
  const view: RolloutView = {
    rollout,
    hashes,
    deployment: { service, active: colorOf(live), colors, ...(switchedAt !== undefined ? { switchedAt } : {}) },
  };
  if (other !== undefined) {
    if (desired !== stable && !aborted && live !== stable && other === stable) view.abortTo = colorOf(stable);
    else if (desired === stable && live === stable && byHash.get(other)) view.undoTo = { color: colorOf(other), template: withoutHash(byHash.get(other)!.template) };
  }
  return view;
}

/**
 * Argo Rollouts through the Kubernetes API: reads Rollouts and their ReplicaSets, and
 * rolls back the way `kubectl argo rollouts` does — abort (merge patch
 * `{"status":{"abort":true}}` on the status subresource) while an update is under way,
 * undo (JSON patch replacing `/spec/template` with the previous revision's) once it is
 * done. Nothing else is changed.
 */
export function createArgoRolloutsSource(config: SourceConfigOf<'argo-rollouts'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const http = sourceHttp(config, deps);
  const ns = encodeURIComponent(config.namespace);
  const rolloutsUrl = `${base}/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`;
  const rolloutName = (service: string) => config.rollouts[service] ?? service;
  const serviceOf = (name: string) => Object.entries(config.rollouts).find(([, r]) => r === name)?.[0] ?? name;

  async function view(rollout: Rollout, signal?: AbortSignal): Promise<RolloutView> {
    const selector = Object.entries(rollout.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    const list = await http.json(`${base}/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=${encodeURIComponent(selector)}`, ReplicaSetListSchema, { signal });
    try {
      return viewOf(serviceOf(rollout.metadata.name), rollout, list.items);
    } catch (error) {
      throw new SourceError(config.id, `${config.name}: ${describeError(error)}`);
    }
  }

  async function rolloutsToShow(signal?: AbortSignal): Promise<Rollout[]> {
    const names = Object.values(config.rollouts);
    if (names.length === 0) return (await http.json(rolloutsUrl, RolloutListSchema, { signal })).items;
    return Promise.all(names.map((name) => http.json(`${rolloutsUrl}/${encodeURIComponent(name)}`, RolloutSchema, { signal })));
  }

  async function listDeployments(signal?: AbortSignal): Promise<Deployment[]> {
    const rollouts = await rolloutsToShow(signal);
    return (await Promise.all(rollouts.map((r) => view(r, signal)))).map((v) => v.deployment);
  }

  async function current(service: string, signal?: AbortSignal): Promise<RolloutView> {
    const rollout = await http.json(`${rolloutsUrl}/${encodeURIComponent(rolloutName(service))}`, RolloutSchema, { signal });
    return view(rollout, signal);
  }

  /** The Kubernetes request(s) that switch `service` to `color` from the view given. */
  function requestsFor(v: RolloutView, color: Color): { method: 'PATCH'; url: string; contentType: string; body: string }[] {
    const url = `${rolloutsUrl}/${encodeURIComponent(v.rollout.metadata.name)}`;
    if (v.abortTo === color) return [{ method: 'PATCH', url: `${url}/status`, contentType: 'application/merge-patch+json', body: JSON.stringify({ status: { abort: true } }) }];
    if (v.undoTo?.color === color) {
      return [{ method: 'PATCH', url, contentType: 'application/json-patch+json', body: JSON.stringify([{ op: 'replace', path: '/spec/template', value: v.undoTo.template }]) }];
    }
    return [];
  }

  async function requestSwitch(request: SwitchRequest, signal?: AbortSignal): Promise<SwitchResult> {
    if (request.weights) throw new SourceError(config.id, `${config.name} cannot split traffic; switch ${request.service} whole instead`, 'rejected');
    const v = await current(request.service, signal);
    if (v.deployment.active === request.color) return { outcome: 'already_live', deployment: v.deployment };
    const [patch] = requestsFor(v, request.color);
    if (!patch) {
      throw new SourceError(
        config.id,
        `${config.name}: switching ${request.service} to ${request.color} is neither an abort nor an undo of the Rollout (resume or promote it in Argo instead)`,
        'rejected',
      );
    }
    const send = (url: string) =>
      http.json(url, RolloutSchema, { method: 'PATCH', headers: { 'content-type': patch.contentType }, body: patch.body, signal, action: `the ${patch.url.endsWith('/status') ? 'abort' : 'undo'} of ${v.rollout.metadata.name}` });
    try {
      await send(patch.url);
    } catch (error) {
      // As kubectl does: a cluster without the status subresource takes the abort on the object itself.
      if (!(error instanceof SourceError && error.kind === 'not_found' && patch.url.endsWith('/status'))) throw error;
      await send(patch.url.slice(0, -'/status'.length));
    }
    const after = await current(request.service, signal);
    if (after.deployment.active !== request.color) {
      throw new SourceError(config.id, `${config.name} took the change but ${request.service} is not yet on ${request.color}`, 'timeout');
    }
    return { outcome: 'switched', deployment: after.deployment };
  }

  async function switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment> {
    return (await requestSwitch({ service, color, idempotencyKey: 'unused', requestedBy: 'Lockstep' }, signal)).deployment;
  }

  async function previewSwitch(request: SwitchRequest): Promise<PreparedRequest[]> {
    const v = await current(request.service);
    return requestsFor(v, request.color).map((r) => prepared(r.method, r.url, previewHeaders(config, { accept: 'application/json', 'content-type': r.contentType }), r.body));
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    deploys: { listDeployments, switchTraffic, requestSwitch, previewSwitch },
  };
}
