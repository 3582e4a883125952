import type { Signal } from '../../shared';
import type { DataSource, HealthNote } from '../datasources/types';
import { outcomeOf, type SourceHealth } from './source-health';

/** Every call of each capability, by name; the compiler checks each name is a method of its capability. */
const METHODS = {
  metrics: ['queryRange'],
  alerts: ['listAlerts', 'listSilences', 'createSilence'],
  logs: ['queryLogs'],
  traces: ['getTrace', 'searchTraces', 'serviceNames', 'operations', 'tagNames'],
  deploys: ['listDeployments', 'switchTraffic', 'requestSwitch'],
} as const satisfies { [S in Signal]: readonly (keyof NonNullable<DataSource[S]>)[] };

const SIGNALS = Object.keys(METHODS) as Signal[];

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * The same source, with every capability call reported to `health` — so alert polls, live
 * queries, deploy polls, logs, traces and actions all feed one picture of the source
 * without any of them knowing. A call its caller aborted says nothing and is not counted.
 */
export function observeSource(source: DataSource, health: SourceHealth): DataSource {
  const observed: { -readonly [K in keyof DataSource]: DataSource[K] } = {
    id: source.id,
    kind: source.kind,
    name: source.name,
    ...(source.endpoint === undefined ? {} : { endpoint: source.endpoint }),
    ...(source.close ? { close: () => source.close!() } : {}),
  };
  for (const signal of SIGNALS) {
    const capability = source[signal];
    if (capability) Object.assign(observed, { [signal]: observeCapability(source.id, signal, capability, health) });
  }
  if (source.warning) {
    observed.warning = source.warning;
    health.warn(source.id, source.warning);
  }
  return observed;
}

function observeCapability<C extends object>(sourceId: string, signal: Signal, capability: C, health: SourceHealth): C {
  // Anything not listed still resolves through the prototype to the original.
  const wrapped = Object.create(capability) as C;
  for (const name of METHODS[signal]) {
    const call = (capability as Record<string, Call | undefined>)[name];
    if (typeof call !== 'function') continue;
    Object.defineProperty(wrapped, name, {
      value: async (...args: unknown[]) => {
        try {
          const value = await call.apply(capability, args);
          noteOf(sourceId, capability, health);
          health.answered(sourceId);
          return value;
        } catch (error) {
          if (!args.some((a) => a instanceof AbortSignal && a.aborted)) {
            noteOf(sourceId, capability, health);
            const outcome = outcomeOf(signal, error);
            if (outcome === 'answered') health.answered(sourceId);
            if (outcome === 'failed') health.failed(sourceId, signal, error);
          }
          throw error;
        }
      },
    });
  }
  return wrapped;
}

/** A capability that tells of its own state (an Alertmanager cluster's members) is asked after each call. */
function noteOf(sourceId: string, capability: object, health: SourceHealth): void {
  const healthNote = (capability as { healthNote?: () => HealthNote }).healthNote;
  if (typeof healthNote === 'function') health.note(sourceId, healthNote.call(capability));
}
