import { z } from 'zod';
import {
  type Color,
  type Deployment,
  LockstepApiError,
  type RollbackPreview,
  type RollbackPreviewRequest,
  type RollbackResult,
  type ShiftTrafficRequest,
  ShiftTrafficRequestSchema,
  type TrafficWeights,
} from '../../shared';
import { suspectRelease } from '../../shared/incident/rollback-candidate';
import { SourceError, type DeploysCapability, type SwitchRequest, type SwitchResult } from '../datasources/types';
import { errorMessage } from '../util/errors';
import type { ActionSpec } from './action-pipeline';
import { deployerKey, factsOf, type Flight, flightsOf, type IncidentFacts, policyOf, offerFor, type RollbackDeps } from './rollback';
import { clock, DEFAULT_RECONCILE } from './rollback-reconcile';

const label = (w: TrafficWeights) => `blue ${w.blue}% / green ${w.green}%`;
const same = (a: TrafficWeights | undefined, b: TrafficWeights) => a?.blue === b.blue && a.green === b.green;

interface ShiftPlan {
  deployment: Deployment;
  from: TrafficWeights;
  to: TrafficWeights;
  gaining: Color;
  switchRequest: SwitchRequest;
  refusal?: { code: 'already_set' | 'known_bad' | 'unsupported'; message: string };
}

/**
 * The guardrails of a rollback, for a traffic shift: only where the deployer splits
 * traffic; never more traffic to the release the incident is tied to; the shares already
 * in place are "already done", never a change.
 */
function planShift(
  facts: IncidentFacts,
  deployments: readonly Deployment[],
  service: string,
  to: TrafficWeights,
  author: string,
  deps: RollbackDeps,
  capability: DeploysCapability,
): ShiftPlan {
  const deployment = deployments.find((d) => d.service === service);
  if (!deployment) throw new LockstepApiError('not_found', `${service} has no deployment that Lockstep can shift.`);
  const from: TrafficWeights = deployment.weights ?? (deployment.active === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 });
  const gaining: Color = to.blue > from.blue ? 'blue' : 'green';
  const switchRequest: SwitchRequest = { service, color: gaining, weights: to, idempotencyKey: deployerKey(deployment, label(to)), requestedBy: author };
  const base = { deployment, from, to, gaining, switchRequest };
  if (!deployment.weights || !capability.requestSwitch) return { ...base, refusal: { code: 'unsupported', message: `${service}'s deployer does not take traffic shifts from Lockstep; roll it back whole instead.` } };
  if (same(deployment.weights, to)) return { ...base, refusal: { code: 'already_set', message: `${service} already sends ${label(to)}: nothing to shift.` } };
  const bad = suspectRelease(deployment, facts.openedAt, policyOf(deps).windowMinutes * 60_000)?.badColor;
  if (bad && to[bad] > from[bad]) {
    const version = deployment.colors[bad]?.version;
    return {
      ...base,
      refusal: {
        code: 'known_bad',
        message: `That sends more traffic to ${bad}${version ? ` (${version})` : ''}, the release this incident is tied to on ${service}; Lockstep will not.`,
      },
    };
  }
  for (const color of ['blue', 'green'] as const) {
    if (to[color] > 0 && !deployment.colors[color]) return { ...base, refusal: { code: 'unsupported', message: `${service} has nothing deployed on ${color}.` } };
  }
  return base;
}

/** The preview of a shift: its exact request(s), secrets masked, and whether it would be refused. */
export async function previewShift(request: RollbackPreviewRequest & { service: string; weights: TrafficWeights }, deps: RollbackDeps): Promise<RollbackPreview> {
  const facts = factsOf(deps.incidents.get(request.incidentId));
  const { source, capability } = deps.sources.pick('deploys');
  const deployments = await capability.listDeployments();
  const p = planShift(facts, deployments, request.service, request.weights, request.author ?? 'unknown', deps, capability);
  const busy = flightsOf(capability).get(request.service);
  const requests = capability.previewSwitch && p.deployment.weights ? await capability.previewSwitch(p.switchRequest) : [];
  return {
    offer: offerFor(facts, deployments, deps),
    plan: {
      service: request.service,
      from: p.deployment.active,
      to: p.gaining,
      ...(p.deployment.colors[p.deployment.active] ? { fromVersion: p.deployment.colors[p.deployment.active]!.version } : {}),
      ...(p.deployment.colors[p.gaining] ? { toVersion: p.deployment.colors[p.gaining]!.version } : {}),
      provider: source.name,
      idempotencyKey: p.switchRequest.idempotencyKey,
      requests,
      weightsFrom: p.from,
      weightsTo: p.to,
      ...(p.refusal || busy ? { refusal: p.refusal?.message ?? `${busy!.by} is changing ${request.service} (to ${busy!.target}, since ${clock(busy!.since)}).` } : {}),
    },
  };
}

/** Moves part of a service's traffic; one change per service at a time (shared with rollbacks), done once by the deployer's key. */
export function shiftTraffic(request: ShiftTrafficRequest, deps: RollbackDeps): Promise<RollbackResult> {
  const { capability } = deps.sources.pick('deploys');
  const flights = flightsOf(capability);
  const target = label(request.weights);
  const running = flights.get(request.service);
  if (running) {
    if (running.target !== target) {
      return Promise.reject(
        new LockstepApiError('bad_request', `${running.by} is already changing ${request.service} (to ${running.target}, since ${clock(running.since)}); wait for that to finish.`),
      );
    }
    return running.result.then((r) => ({ ...r, replayed: true, coalesced: true, message: `Joined the shift ${running.by} started at ${clock(running.since)}: ${r.message}` }));
  }
  const result = runShift(request, capability, deps);
  const flight: Flight = { target, by: request.author, since: deps.now(), result };
  flights.set(request.service, flight);
  const done = () => {
    if (flights.get(request.service) === flight) flights.delete(request.service);
  };
  result.then(done, done);
  return result;
}

async function runShift(request: ShiftTrafficRequest, capability: DeploysCapability, deps: RollbackDeps): Promise<RollbackResult> {
  const facts = factsOf(deps.incidents.get(request.incidentId));
  const deployments = await capability.listDeployments();
  const p = planShift(facts, deployments, request.service, request.weights, request.author, deps, capability);
  if (p.refusal?.code === 'already_set') {
    return { actionId: `noop-${p.switchRequest.idempotencyKey}`, status: 'succeeded', outcome: 'already_live', message: p.refusal.message, replayed: false, at: deps.now() };
  }
  if (p.refusal) throw new LockstepApiError('bad_request', p.refusal.message);
  const sink: Sink = {};
  const result = await deps.actions.execute(shiftSpec(request, facts, p, capability, deployments, deps, sink));
  return {
    ...result,
    ...(sink.outcome === 'unknown' ? { status: 'unknown' as const } : {}),
    ...(sink.outcome ? { outcome: sink.outcome } : {}),
    ...(sink.observed ? { observed: sink.observed } : {}),
  };
}

interface Sink {
  outcome?: RollbackResult['outcome'];
  observed?: string;
}

function shiftSpec(
  request: ShiftTrafficRequest,
  facts: IncidentFacts,
  p: ShiftPlan,
  capability: DeploysCapability,
  deployments: readonly Deployment[],
  deps: RollbackDeps,
  sink: Sink,
): ActionSpec {
  if (!capability.requestSwitch) throw new LockstepApiError('bad_request', `The deployer of ${request.service} cannot shift traffic from Lockstep.`);
  const requestSwitch = capability.requestSwitch.bind(capability);
  const { service, author } = request;
  const record = (text: string) => {
    try {
      deps.incidents.record(facts.id, 'note', text, author, { service, from: label(p.from), to: label(p.to) });
      deps.incidents.commit();
    } catch {
      // The incident may be gone; the journal keeps the action.
    }
  };
  const read = async () => (await capability.listDeployments()).find((d) => d.service === service);
  return {
    kind: 'shift-traffic',
    key: request.idempotencyKey,
    summary: `${author} shifts ${service} from ${label(p.from)} to ${label(p.to)} (${facts.id})`,
    request: { shift: request, switchRequest: { idempotencyKey: p.switchRequest.idempotencyKey } },
    async reconcile() {
      const now = await read();
      const done = same(now?.weights, p.to);
      return { done, message: now?.weights ? `the deployer lists ${service} at ${label(now.weights)}` : `the deployer lists no split for ${service}` };
    },
    async run() {
      record(`${author} asked to shift ${service} from ${label(p.from)} to ${label(p.to)}`);
      let answer: SwitchResult | undefined;
      let unclear: unknown;
      try {
        answer = await requestSwitch(p.switchRequest);
      } catch (error) {
        if (error instanceof SourceError && (error.kind === 'rejected' || error.kind === 'not_found')) {
          sink.outcome = 'failed';
          record(`Shifting ${service} failed: ${error.message}`);
          throw error;
        }
        unclear = error;
      }
      if (answer) {
        sink.outcome = answer.outcome;
        deps.onDeployments(deployments.map((d) => (d.service === service ? answer!.deployment : d)));
        const text = `${service} now sends ${label(p.to)}${answer.outcome === 'replayed' ? ' (the deployer had already made this same change, so it was done once)' : ''}`;
        record(text);
        return text;
      }
      // No clear answer: read the shares back a few times.
      const { attempts, intervalMs } = deps.reconcile ?? DEFAULT_RECONCILE;
      let seen: Deployment | undefined;
      let readError: string | undefined;
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
        try {
          seen = await read();
          readError = undefined;
          if (same(seen?.weights, p.to)) break;
        } catch (error) {
          readError = errorMessage(error);
        }
      }
      const reason = errorMessage(unclear);
      if (seen && same(seen.weights, p.to)) {
        sink.outcome = 'switched';
        sink.observed = `the deployer lists ${service} at ${label(p.to)}`;
        const text = `${service} now sends ${label(p.to)}: the deployer's answer was lost (${reason}), and reading its state back shows it`;
        record(text);
        return text;
      }
      if (seen && readError === undefined) {
        sink.outcome = 'failed';
        sink.observed = `the deployer lists ${service} at ${seen.weights ? label(seen.weights) : 'no split'}`;
        const text = `Shifting ${service} failed: ${reason}; ${sink.observed}`;
        record(text);
        throw new Error(text);
      }
      sink.outcome = 'unknown';
      sink.observed = `the deployer's state could not be read (${readError ?? 'no answer'})`;
      const text = `Outcome unknown: shifting ${service} got no clear answer (${reason}) and ${sink.observed}.`;
      record(text);
      throw new SourceError(unclear instanceof SourceError ? unclear.sourceId : 'deploys', text, 'timeout');
    },
  };
}

const JournalledShiftSchema = z.object({ shift: ShiftTrafficRequestSchema });

/**
 * Rebuilds a journalled shift after a restart (the pipeline's `recover`): the pipeline reads
 * the shares first, and a resend carries the key of the state it starts from.
 */
export function shiftReviver(deps: RollbackDeps): (raw: unknown) => Promise<ActionSpec> {
  return async (raw) => {
    const { shift } = JournalledShiftSchema.parse(raw);
    const facts = factsOf(deps.incidents.get(shift.incidentId));
    const { capability } = deps.sources.pick('deploys');
    const deployments = await capability.listDeployments();
    const p = planShift(facts, deployments, shift.service, shift.weights, shift.author, deps, capability);
    if (p.refusal && p.refusal.code !== 'already_set') throw new LockstepApiError('bad_request', p.refusal.message);
    return shiftSpec(shift, facts, p, capability, deployments, deps, {});
  };
}
