import { CHANNELS, CITIES } from '../fleet/catalog';
import type { Fleet } from '../fleet/fleet';
import { lockId } from '../fleet/locks';

export const LAST_SEEN_METRIC = 'lock_last_seen_timestamp_seconds';

/**
 * lock_last_seen_timestamp_seconds{city,lock_id,channel}: when each lock last sent a
 * heartbeat, one series per lock (channel is its uplink). High cardinality on purpose —
 * dashboards read it only through `topk(N, time() - lock_last_seen_timestamp_seconds{…})`.
 *
 * Written as OpenMetrics text straight from the typed arrays: through prom-client (a Gauge,
 * or a custom metric's get()) 50,000 locks took ~290 ms per scrape, this takes a few ms.
 * A lock's city and uplink never change, so each sample's name-and-labels prefix is made
 * once (the label values come from fixed vocabularies and need no escaping), and a lock's
 * line is only rewritten when its heartbeat moved: between two scrapes a few seconds apart
 * most locks have not beaten, and formatting 50,000 numbers was most of the cost.
 */
export class LastSeenText {
  private readonly prefixes: string[] = [];
  private readonly lines: string[] = [];
  private written = new Float64Array(0);

  constructor(private readonly fleet: Fleet) {}

  /** The metric family (HELP, TYPE, one sample per lock), each line ending in a newline. */
  text(): string {
    const { city, uplink, lastHeartbeat, size } = this.fleet.locks;
    if (this.written.length !== size) {
      this.written = new Float64Array(size).fill(NaN);
      this.prefixes.length = 0;
      this.lines.length = 0;
      this.lines.push(
        `# HELP ${LAST_SEEN_METRIC} Unix time of the last heartbeat of each lock; channel is the lock's uplink.`,
        `# TYPE ${LAST_SEEN_METRIC} gauge`,
      );
      for (let i = 0; i < size; i++) {
        this.prefixes.push(`${LAST_SEEN_METRIC}{city="${CITIES[city[i]!]!}",lock_id="${lockId(i)}",channel="${CHANNELS[uplink[i]!]!}"} `);
        this.lines.push('');
      }
    }
    const { written, lines, prefixes } = this;
    for (let i = 0; i < size; i++) {
      const ms = lastHeartbeat[i]!;
      if (ms === written[i]) continue;
      written[i] = ms;
      lines[i + 2] = prefixes[i]! + Math.round(ms) / 1000;
    }
    return lines.join('\n') + '\n';
  }
}
