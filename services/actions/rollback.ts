import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  type Color,
  type Deployment,
  LockstepApiError,
  otherColor,
  type RollbackPreview,
  type RollbackPreviewRequest,
  type RollbackRequest,
  RollbackRequestSchema,
  type RollbackResult,
} from '../../shared';
import { type IncidentLike, incidentServices, rollbackOffer, type RollbackOffer, type RollbackPolicy, suspectRelease } from '../../shared/incident/rollback-candidate';
import type { SourceSet } from '../datasources/source-set';
import { SourceError, type DeploysCapability, type SwitchRequest, type SwitchResult } from '../datasources/types';
import { DEFAULT_CORRELATION, type IncidentTracker } from '../incidents/incident-tracker';
import { errorMessage } from '../util/errors';
import type { ActionPipeline, ActionSpec } from './action-pipeline';
import { clock, DEFAULT_RECONCILE, describeLive, reconcileSwitch, type Reconciled, type ReconcileOptions } from './rollback-reconcile';

export interface RollbackDeps {
  sources: SourceSet;
  incidents: Pick<IncidentTracker, 'get' | 'record' | 'commit'>;
  actions: Pick<ActionPipeline, 'execute'>;
  now: () => number;
  onDeployments: (deployments: Deployment[]) => void;
  /** Window and call graph (the config's `rollback`); the demo fleet's unlock path when absent. */
  rollbackPolicy?: RollbackPolicy;
  reconcile?: ReconcileOptions;
}

/** What a rollback needs of an incident; read structurally so the incident model can grow. */
export interface IncidentFacts {
  id: string;
  openedAt: number;
  services: string[];
}

export function factsOf(incident: IncidentLike & { id: string }): IncidentFacts {
  return { id: incident.id, openedAt: incident.openedAt, services: incidentServices(incident) };
}

/**
 * The key sent to the deployer with a switch: the same for every console that asks for the
 * same switch from the same state — service, the colour live now, the target, and the
 * state's revision and last switch time. So two consoles (separate processes, whose incident ids may even
 * differ) asking at once send one key and the deployer does it once; a later rollback from
 * a later state is a new key. It does not name the person, so it says nothing they typed.
 */
export function deployerKey(deployment: Deployment, target: string): string {
  const stamp = `${deployment.revision ?? '-'}/${deployment.history?.length ?? '-'}/${deployment.history?.at(-1)?.at ?? deployment.switchedAt ?? 'initial'}`;
  const digest = createHash('sha256').update(`${deployment.service}\n${deployment.active}\n${target}\n${stamp}`).digest('hex');
  return `lockstep-rollback-${digest.slice(0, 32)}`;
}

/** One rollback per service at a time in this console; keyed by the deploys capability (one per running services). */
export interface Flight {
  /** What it moves the service to: a colour, or for a shift the shares ("blue 40% / green 60%"). */
  target: string;
  by: string;
  since: number;
  result: Promise<RollbackResult>;
}
const flightsByCapability = new WeakMap<object, Map<string, Flight>>();
export function flightsOf(capability: DeploysCapability): Map<string, Flight> {
  let flights = flightsByCapability.get(capability);
  if (!flights) flightsByCapability.set(capability, (flights = new Map()));
  return flights;
}

interface Plan {
  deployment: Deployment;
  from: Color;
  target: Color;
  switchRequest: SwitchRequest;
  /** Why Lockstep will not send it, if it will not. */
  refusal?: { code: 'already_live' | 'known_bad' | 'nothing_there'; message: string };
}

function plan(facts: IncidentFacts, deployments: readonly Deployment[], service: string, target: Color, author: string, policy: RollbackPolicy): Plan {
  const deployment = deployments.find((d) => d.service === service);
  if (!deployment) throw new LockstepApiError('not_found', `${service} has no blue/green deployment that Lockstep can switch.`);
  const from = deployment.active;
  const switchRequest: SwitchRequest = { service, color: target, idempotencyKey: deployerKey(deployment, target), requestedBy: author };
  const base = { deployment, from, target, switchRequest };
  if (!deployment.colors[target]) return { ...base, refusal: { code: 'nothing_there', message: `${service} has nothing deployed on ${target}.` } };
  if (from === target && (deployment.weights?.[target] ?? 100) === 100) {
    return { ...base, refusal: { code: 'already_live', message: `${describeLive(deployment)}: it is live already, so there is nothing to switch.` } };
  }
  const bad = suspectRelease(deployment, facts.openedAt, policy.windowMinutes * 60_000)?.badColor;
  if (bad === target) {
    const version = deployment.colors[target]?.version;
    return {
      ...base,
      refusal: {
        code: 'known_bad',
        message: `${target}${version ? ` (${version})` : ''} is the release this incident (opened ${clock(facts.openedAt)}) is tied to on ${service}, so Lockstep will not switch back to it.`,
      },
    };
  }
  return base;
}

/** Without a configured policy: the default window and the default correlation's call graph (one graph for both). */
export const policyOf = (deps: Pick<RollbackDeps, 'rollbackPolicy'>): RollbackPolicy =>
  deps.rollbackPolicy ?? { windowMinutes: 30, callGraph: DEFAULT_CORRELATION.callGraph };

export function offerFor(facts: IncidentFacts, deployments: readonly Deployment[], deps: Pick<RollbackDeps, 'rollbackPolicy'>): RollbackOffer {
  return rollbackOffer({ services: facts.services, openedAt: facts.openedAt, deployments, policy: policyOf(deps) });
}

/** Whether a rollback is offered and the exact request(s) it would send, secrets masked. Sends nothing. */
export async function previewRollback(request: RollbackPreviewRequest, deps: RollbackDeps): Promise<RollbackPreview> {
  const facts = factsOf(deps.incidents.get(request.incidentId));
  if (!deps.sources.has('deploys')) return { offer: { kind: 'none', reason: 'no configured source can switch traffic' } };
  const { source, capability } = deps.sources.pick('deploys');
  const deployments = await capability.listDeployments();
  const offer = offerFor(facts, deployments, deps);
  const service = request.service ?? (offer.kind === 'offer' ? offer.candidate.service : undefined);
  if (!service) return { offer };
  const target = request.targetColor ?? (offer.kind === 'offer' && offer.candidate.service === service ? offer.candidate.target : undefined);
  const deployment = deployments.find((d) => d.service === service);
  const p = plan(facts, deployments, service, target ?? otherColor(deployment?.active ?? 'blue'), request.author ?? 'unknown', policyOf(deps));
  const flight = flightsOf(capability).get(service);
  const busy = flight && flight.target !== p.target ? `${flight.by} is switching ${service} to ${flight.target} (since ${clock(flight.since)}).` : undefined;
  const requests = capability.previewSwitch
    ? await capability.previewSwitch(p.switchRequest)
    : [{ method: '(in process)', url: `${source.name}: switch ${service} to ${p.target}`, headers: {} }];
  return {
    offer,
    plan: {
      service,
      from: p.from,
      to: p.target,
      ...(p.deployment.colors[p.from] ? { fromVersion: p.deployment.colors[p.from]!.version } : {}),
      ...(p.deployment.colors[p.target] ? { toVersion: p.deployment.colors[p.target]!.version } : {}),
      provider: source.name,
      idempotencyKey: p.switchRequest.idempotencyKey,
      requests,
      ...(p.refusal || busy ? { refusal: p.refusal?.message ?? busy } : {}),
    },
  };
}

/**
 * Blue/green switch-back, on the record. Guardrails: never to the colour already live
 * (answered as "already done", never "accepted"), never to the colour the release tied to
 * the incident put live (the known-bad one), one change per service at a time (a
 * second request for the same switch joins the first and is told its outcome; one for a
 * different target is refused, saying who is doing what). Across consoles the deployer's
 * idempotency key (see `deployerKey`) makes the same switch happen once. An answer that
 * does not say what happened is reconciled by reading the deployer's state back.
 */
export function rollback(request: RollbackRequest, deps: RollbackDeps): Promise<RollbackResult> {
  const { capability } = deps.sources.pick('deploys');
  const flights = flightsOf(capability);
  const running = flights.get(request.service);
  if (running) {
    if (running.target !== request.targetColor) {
      return Promise.reject(
        new LockstepApiError(
          'bad_request',
          `${running.by} is already switching ${request.service} to ${running.target} (since ${clock(running.since)}); wait for that to finish before asking for ${request.targetColor}.`,
        ),
      );
    }
    return running.result.then((r) => ({
      ...r,
      replayed: true,
      coalesced: true,
      message: `Joined the rollback ${running.by} started at ${clock(running.since)}: ${r.message}`,
    }));
  }
  const result = runRollback(request, capability, deps);
  const flight: Flight = { target: request.targetColor, by: request.author, since: deps.now(), result };
  flights.set(request.service, flight);
  const done = () => {
    if (flights.get(request.service) === flight) flights.delete(request.service);
  };
  result.then(done, done);
  return result;
}

async function runRollback(request: RollbackRequest, capability: DeploysCapability, deps: RollbackDeps): Promise<RollbackResult> {
  const facts = factsOf(deps.incidents.get(request.incidentId));
  const deployments = await capability.listDeployments();
  const p = plan(facts, deployments, request.service, request.targetColor, request.author, policyOf(deps));
  if (p.refusal?.code === 'already_live') {
    // Answered as done (e.g. another console's rollback got there first), never as a change made now.
    return { actionId: `noop-${p.switchRequest.idempotencyKey}`, status: 'succeeded', outcome: 'already_live', message: p.refusal.message, replayed: false, at: deps.now() };
  }
  if (p.refusal) throw new LockstepApiError('bad_request', p.refusal.message);
  const outcome: OutcomeSink = {};
  const result = await deps.actions.execute(rollbackSpec(request, facts, p, capability, deployments, deps, outcome));
  return {
    ...result,
    ...(outcome.outcome === 'unknown' ? { status: 'unknown' as const } : {}),
    ...(outcome.outcome ? { outcome: outcome.outcome } : {}),
    ...(outcome.observed ? { observed: outcome.observed } : {}),
  };
}

interface OutcomeSink {
  outcome?: RollbackResult['outcome'];
  observed?: string;
}

/** What the journal keeps of a rollback, so it can be resumed after a restart with the same deployer key. */
const JournalledRollbackSchema = z.object({ rollback: RollbackRequestSchema, switchRequest: z.object({ idempotencyKey: z.string().min(1) }) });

function rollbackSpec(
  request: RollbackRequest,
  facts: IncidentFacts,
  p: Plan,
  capability: DeploysCapability,
  deployments: readonly Deployment[],
  deps: RollbackDeps,
  sink: OutcomeSink,
): ActionSpec {
  const { service, targetColor: target, author } = request;
  const { from, switchRequest } = p;
  const version = p.deployment.colors[target]?.version ?? '?';
  const record = (kind: 'rollback_requested' | 'rollback_succeeded' | 'rollback_failed' | 'note', text: string) => {
    try {
      deps.incidents.record(facts.id, kind, text, author, { service, from, to: target });
      deps.incidents.commit();
    } catch {
      // The incident may have been resolved or pruned meanwhile; the journal still has the action.
    }
  };
  const publish = (deployment: Deployment) => deps.onDeployments(deployments.map((d) => (d.service === service ? deployment : d)));
  let requested = false;

  return {
    kind: 'rollback',
    key: request.idempotencyKey,
    summary: `${author} switches ${service} from ${from} to ${target} (${facts.id})`,
    request: { rollback: request, switchRequest: { idempotencyKey: switchRequest.idempotencyKey } },
    /** Read before any resend: a switch that took effect (here, or from another console) is not sent again. */
    async reconcile() {
      const seen = await reconcileSwitch(capability, service, target, deps.now(), { attempts: 1, intervalMs: 0 });
      if (seen.outcome === 'unknown') throw new SourceError('deploys', seen.observed, 'unreachable');
      if (seen.deployment) publish(seen.deployment);
      const done = seen.outcome === 'switched' || seen.outcome === 'already_live';
      if (done) {
        sink.outcome = 'switched';
        sink.observed = seen.observed;
        record('rollback_succeeded', `${service} serves from ${target}: reading the deployer's state shows ${seen.observed}`);
      }
      return { done, message: done ? `${service} serves from ${target} (${version}); ${seen.observed}` : seen.observed };
    },
    async run() {
      if (!requested) record('rollback_requested', `${author} asked to switch ${service} from ${from} back to ${target} (${version})`);
      requested = true;
      const sentAt = deps.now();
      let answer: SwitchResult | undefined;
      let unclear: unknown;
      try {
        answer = capability.requestSwitch
          ? await capability.requestSwitch(switchRequest)
          : { outcome: 'switched', deployment: await capability.switchTraffic(service, target) };
      } catch (error) {
        // A refusal (4xx) is a definite no.
        if (error instanceof SourceError && (error.kind === 'rejected' || error.kind === 'not_found')) {
          sink.outcome = 'failed';
          record('rollback_failed', `Switching ${service} to ${target} failed: ${error.message}`);
          throw error;
        }
        unclear = error;
      }
      if (answer?.outcome === 'replayed') {
        // A replayed answer is the deployer's first answer for this key: check it still holds.
        const now = (await capability.listDeployments().catch(() => [])).find((d) => d.service === service);
        if (now && now.active !== target) {
          sink.outcome = 'failed';
          const text = `The deployer answered a switch of ${service} to ${target} as done before (same key), but it now lists ${describeLive(now)}; nothing was switched`;
          record('rollback_failed', text);
          throw new Error(text);
        }
      }
      if (answer) {
        sink.outcome = answer.outcome;
        publish(answer.deployment);
        const text =
          answer.outcome === 'switched'
            ? `${service} now serves from ${target} (${version})`
            : answer.outcome === 'replayed'
              ? `${service} serves from ${target} (${version}): the deployer had already made this same switch (an identical request from another console), so it was done once`
              : `${describeLive(answer.deployment)} already; nothing moved`;
        record('rollback_succeeded', text);
        return text;
      }
      // No answer that says what happened: read the deployer's state back.
      const reason = errorMessage(unclear);
      const attempts = unclear instanceof SourceError && unclear.kind === 'unreachable' ? { attempts: 1, intervalMs: 0 } : (deps.reconcile ?? DEFAULT_RECONCILE);
      const seen: Reconciled = await reconcileSwitch(capability, service, target, sentAt, attempts);
      sink.observed = seen.observed;
      if (seen.deployment) publish(seen.deployment);
      if (seen.outcome === 'switched' || seen.outcome === 'already_live') {
        sink.outcome = 'switched';
        const text = `${service} now serves from ${target} (${version}): the deployer's answer was lost (${reason}), and reading its state back shows ${seen.observed}`;
        record('rollback_succeeded', text);
        return text;
      }
      if (unclear instanceof SourceError && unclear.kind === 'unreachable') {
        // Most likely nothing arrived: the pipeline queues it and retries (reading the state first).
        sink.outcome = undefined;
        record('note', `The deployer could not be reached to switch ${service} to ${target} (${reason}); Lockstep keeps trying`);
        throw unclear;
      }
      if (seen.outcome === 'failed') {
        sink.outcome = 'failed';
        const text = `Switching ${service} to ${target} failed: ${reason}; reading the deployer's state back shows ${seen.observed}`;
        record('rollback_failed', text);
        throw new Error(text);
      }
      sink.outcome = 'unknown';
      const text = `Outcome unknown: switching ${service} to ${target} got no clear answer (${reason}) and ${seen.observed}. Lockstep reads the deployer again before any retry.`;
      record('note', text);
      throw new SourceError(unclear instanceof SourceError ? unclear.sourceId : 'deploys', text, 'timeout');
    },
  };
}

/**
 * Rebuilds a journalled rollback after a restart (the pipeline's `recover`): the same
 * request and the same deployer key, so a resend is done once by the deployer, and the
 * pipeline reads the deployer's state before sending at all.
 */
export function rollbackReviver(deps: RollbackDeps): (raw: unknown) => Promise<ActionSpec> {
  return async (raw) => {
    const { rollback: request, switchRequest } = JournalledRollbackSchema.parse(raw);
    const facts = factsOf(deps.incidents.get(request.incidentId));
    const { capability } = deps.sources.pick('deploys');
    const deployments = await capability.listDeployments();
    const p = plan(facts, deployments, request.service, request.targetColor, request.author, policyOf(deps));
    if (p.refusal && p.refusal.code !== 'already_live') throw new LockstepApiError('bad_request', p.refusal.message);
    const resumed: Plan = { ...p, switchRequest: { ...p.switchRequest, idempotencyKey: switchRequest.idempotencyKey } };
    return rollbackSpec(request, facts, resumed, capability, deployments, deps, {});
  };
}

/** The rollback's dependencies from the services' context (`rollbackPolicy` there once the config's `rollback` is wired in). */
export function rollbackDeps(ctx: Omit<RollbackDeps, 'onDeployments'> & { broadcastDeployments(deployments: Deployment[]): void }): RollbackDeps {
  return { ...ctx, onDeployments: (deployments) => ctx.broadcastDeployments(deployments) };
}
