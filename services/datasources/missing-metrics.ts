import { recordingRuleNamed } from '../../shared/rules/lockstep-rules';
import type { PrometheusApi } from './prometheus-api';
import { NamesDataSchema } from './prometheus-schemas';
import type { BuildInfo } from './metrics-types';
import { metricNames } from './promql-names';

/** Names found are remembered this long per source: the diagnosis must stay cheap on a refreshing panel. */
export const NAME_CACHE_MS = 3 * 60_000;
/** Names not found, only this long: a metric appears once its exporter or rule starts, and the warning must then go. */
export const MISSING_NAME_CACHE_MS = 30_000;
const MAX_CACHED_NAMES = 1000;
const MAX_NAMES_PER_QUERY = 20;

type Presence = 'in-range' | 'elsewhere' | 'absent';

/**
 * Why a query came back empty, when the reason is that a metric it reads does not exist at
 * the source — the commonest cause on a new source, and invisible in a bare "No data".
 * Asks `/api/v1/label/__name__/values` with `match[]` for all the expression's names at
 * once (first in the query's range, then at any time), and caches the answers per name.
 */
export class MissingMetricDiagnosis {
  private readonly known = new Map<string, { presence: Presence; at: number }>();

  constructor(
    private readonly api: PrometheusApi,
    private readonly product: (signal?: AbortSignal) => Promise<BuildInfo | undefined>,
    private readonly now: () => number = Date.now,
  ) {}

  /** One warning per missing name; none when every name exists or the look-up itself fails. */
  async explain(expr: string, range: { start: number; end: number }, signal?: AbortSignal): Promise<string[]> {
    const names = metricNames(expr).slice(0, MAX_NAMES_PER_QUERY);
    if (names.length === 0) return [];
    try {
      const presence = await this.presence(names, range, signal);
      const missing = names.filter((name) => presence.get(name) !== 'in-range');
      if (missing.length === 0) return [];
      const build = await this.product(signal).catch(() => undefined);
      const where = `${build?.product ?? this.api.name} (${this.api.host})`;
      return missing.map((name) => sentence(name, presence.get(name) === 'elsewhere', where, build));
    } catch {
      // The diagnosis is a courtesy: a source that cannot answer it still gets its empty panel.
      return [];
    }
  }

  private async presence(names: string[], range: { start: number; end: number }, signal?: AbortSignal): Promise<Map<string, Presence>> {
    const result = new Map<string, Presence>();
    const now = this.now();
    for (const name of names) {
      const cached = this.known.get(name);
      const ttl = cached?.presence === 'in-range' ? NAME_CACHE_MS : MISSING_NAME_CACHE_MS;
      if (cached && now - cached.at < ttl) result.set(name, cached.presence);
    }
    const unknown = names.filter((name) => !result.has(name));
    if (unknown.length > 0) {
      const inRange = await this.existing(unknown, range, signal);
      const notInRange = unknown.filter((name) => !inRange.has(name));
      const anyTime = notInRange.length > 0 ? await this.existing(notInRange, undefined, signal) : new Set<string>();
      for (const name of unknown) {
        const presence: Presence = inRange.has(name) ? 'in-range' : anyTime.has(name) ? 'elsewhere' : 'absent';
        result.set(name, presence);
        this.remember(name, presence, now);
      }
    }
    return result;
  }

  private async existing(names: string[], range: { start: number; end: number } | undefined, signal?: AbortSignal): Promise<Set<string>> {
    // Metric names hold only [a-zA-Z0-9_:], none of them special in a regular expression.
    const params = new URLSearchParams({ 'match[]': `{__name__=~"${names.join('|')}"}` });
    if (range) {
      params.set('start', (range.start / 1000).toFixed(3));
      params.set('end', (range.end / 1000).toFixed(3));
    }
    const answer = await this.api.get('/api/v1/label/__name__/values', params, NamesDataSchema, 'the metric name look-up', signal);
    return new Set(answer.data);
  }

  private remember(name: string, presence: Presence, at: number): void {
    if (this.known.size >= MAX_CACHED_NAMES) this.known.delete(this.known.keys().next().value!);
    this.known.set(name, { presence, at });
  }
}

function sentence(name: string, elsewhere: boolean, where: string, build: BuildInfo | undefined): string {
  const head = elsewhere ? `No series named ${name} at ${where} in this time range (it has some at other times)` : `No series named ${name} at ${where}`;
  if (!recordingRuleNamed(name)) {
    return elsewhere ? `${head}.` : `${head}: check the name, and that this source scrapes the exporter that provides it.`;
  }
  return `${head}: it is one of Lockstep's recording rules (shared/rules/lockstep-rules.ts) — ${howToLoad(build)}.`;
}

/** Where the shipped rule file goes, in the words of the product that lacks it. */
function howToLoad(build: BuildInfo | undefined): string {
  const file = 'stack/rules/lockstep.rules.yml';
  switch (build?.product) {
    case 'VictoriaMetrics':
      return `load them there with vmalert (-rule=${file}, -remoteWrite.url pointing at VictoriaMetrics)`;
    case 'Prometheus':
      return `add ${file} to its rule_files`;
    case 'Mimir':
    case 'Cortex':
      return `load ${file} into its ruler (mimirtool rules load)`;
    case 'Thanos':
      return `load ${file} into Thanos Rule or the Prometheus behind it`;
    default:
      return `load them there with vmalert or Prometheus rules (${file})`;
  }
}
