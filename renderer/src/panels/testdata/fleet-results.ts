import { type QueryResult, QueryResultSchema, type Series } from '../../../../shared/model/series';

/*
 * Query results of the fleet metrics the Lock fleet dashboard reads (services/dashboards/lock-fleet.ts),
 * made up for these tests, as the services hand them to panels: range
 * answers over the last minute at a 15 s step, checked with the same schema the renderer
 * checks them with. The scene: a gateway partition in shenzhen (a third of its locks
 * offline, unlock success down, p95 up), hangzhou's batteries running low, chengdu's
 * latency warning, beijing's latency recorded until two minutes before the answer.
 */
export const FETCHED_AT = 1_764_640_000_000;
const STEP = 15_000;
const TIMES = [4, 3, 2, 1, 0].map((k) => FETCHED_AT - k * STEP);

/** A series whose samples end at the answer (or `endsAgoMs` before it, for one that stopped). */
export function series(name: string, labels: Record<string, string>, values: (number | null)[], endsAgoMs = 0): Series {
  return { name, labels, times: TIMES.slice(TIMES.length - values.length).map((t) => t - endsAgoMs), values };
}

export function answer(list: Series[], fetchedAt = FETCHED_AT): QueryResult {
  // Through JSON and the schema, as over the web host's WebSocket.
  return QueryResultSchema.parse(JSON.parse(JSON.stringify({ series: list, fetchedAt, warnings: [] })));
}

const flat = (v: number) => [v, v, v, v, v];

export const online = answer([
  series('city:lock_online:ratio', { city: 'beijing' }, flat(0.99)),
  series('city:lock_online:ratio', { city: 'chengdu' }, flat(0.985)),
  series('city:lock_online:ratio', { city: 'hangzhou' }, flat(0.97)),
  series('city:lock_online:ratio', { city: 'shanghai' }, flat(0.992)),
  // The partition began a minute ago: 99 % → 62 %.
  series('city:lock_online:ratio', { city: 'shenzhen' }, [0.99, 0.98, 0.81, 0.66, 0.62]),
]);

export const unlockSuccess = answer([
  series('city:lock_unlock_success:ratio_rate1m', { city: 'beijing' }, flat(0.995)),
  series('city:lock_unlock_success:ratio_rate1m', { city: 'chengdu' }, flat(0.99)),
  series('city:lock_unlock_success:ratio_rate1m', { city: 'hangzhou' }, flat(0.98)),
  series('city:lock_unlock_success:ratio_rate1m', { city: 'shanghai' }, flat(0.996)),
  series('city:lock_unlock_success:ratio_rate1m', { city: 'shenzhen' }, [0.99, 0.97, 0.8, 0.71, 0.7]),
]);

export const unlockP95 = answer([
  // beijing's series stopped two minutes before the answer: stale, so no data.
  series('city:lock_unlock_duration_seconds:p95_rate1m', { city: 'beijing' }, flat(0.4), 130_000),
  series('city:lock_unlock_duration_seconds:p95_rate1m', { city: 'chengdu' }, flat(8.1)),
  series('city:lock_unlock_duration_seconds:p95_rate1m', { city: 'hangzhou' }, flat(0.6)),
  series('city:lock_unlock_duration_seconds:p95_rate1m', { city: 'shanghai' }, flat(0.5)),
  series('city:lock_unlock_duration_seconds:p95_rate1m', { city: 'shenzhen' }, [3.6, 3.9, 11.8, 12.4, 13.6]),
]);

export const batteryLow = answer([
  series('city:lock_battery_low:ratio', { city: 'chengdu' }, flat(0.04)),
  series('city:lock_battery_low:ratio', { city: 'hangzhou' }, flat(0.26)),
  series('city:lock_battery_low:ratio', { city: 'shanghai' }, flat(0.05)),
  series('city:lock_battery_low:ratio', { city: 'shenzhen' }, flat(0.06)),
  // beijing has no battery series at all: missing, not ok.
]);
