import { useEffect, useState } from 'react';
import { redQueries, valueAt } from '../../../../shared/trace/trace-logs';
import { errorText } from '../../api/parse';
import { formatMicros } from '../../panels/format';
import { useStore } from '../../store/store';
import { SafeText } from '../../support/SafeText';
import { useTimeFormat } from '../../support/use-time-format';

interface Red {
  rate?: number;
  errors?: number;
  p95?: number;
  failed: string[];
}

/** Samples within this of the span's start count as "at" it (the recorded series step is 15 s–1 min). */
const TOLERANCE_MS = 90_000;

/**
 * The service's rate, error ratio and p95 when the span started, read once from the recorded
 * series, with a link to the service-health dashboard at that moment.
 */
export function ServiceRed({ service, atMs }: { service: string; atMs: number }) {
  const client = useStore((s) => s.client);
  const time = useTimeFormat();
  const [red, setRed] = useState<Red | undefined>();
  useEffect(() => {
    if (!client) return;
    let live = true;
    setRed(undefined);
    const q = redQueries(service);
    const window = { start: Math.floor(atMs / 1000) * 1000 - 5 * 60_000, end: Math.ceil(atMs / 1000) * 1000 + 60_000, stepSeconds: 15 };
    const read = (name: keyof typeof q) =>
      client.call('queryRange', { expr: q[name], ...window }).then(
        (result) => ({ name, value: valueAt(result.series, atMs, TOLERANCE_MS) }),
        (error: unknown) => ({ name, error: errorText(error) }),
      );
    void Promise.all([read('rate'), read('errors'), read('p95')]).then((answers) => {
      if (!live) return;
      const out: Red = { failed: [] };
      for (const a of answers) {
        // A source's refusal can be a paragraph (the demo lists every recorded series): one line of it is enough here.
        if ('error' in a) out.failed.push(`${a.name} (${a.error.length > 100 ? `${a.error.slice(0, 99)}…` : a.error})`);
        else out[a.name] = a.value;
      }
      setRed(out);
    });
    return () => {
      live = false;
    };
  }, [client, service, atMs]);

  const openHealth = async () => {
    const s = useStore.getState();
    await s.openDashboard('service-health');
    await s.setVariable('service', [service]);
    await s.setTimeRange({ kind: 'absolute', start: atMs - 15 * 60_000, end: atMs + 15 * 60_000 });
    s.closeTrace();
  };
  const show = (name: keyof Omit<Red, 'failed'>, f: (v: number) => string) => {
    const v = red?.[name];
    if (red?.failed.some((line) => line.startsWith(`${name} (`))) return 'n/a';
    return v === undefined ? 'no data' : f(v);
  };
  return (
    <section className="span-red" data-testid="span-red">
      <h4>
        <SafeText text={service} /> at {time.clock(atMs)}
      </h4>
      {!red ? (
        <p className="muted">reading rate, errors and p95…</p>
      ) : (
        <>
          <p data-testid="span-red-values">
            rate {show('rate', (v) => `${v.toFixed(v < 10 ? 2 : 1)}/s`)} · errors {show('errors', (v) => `${(v * 100).toFixed(2)} %`)} · p95 {show('p95', (v) => formatMicros(v * 1_000_000))}
          </p>
          {red.failed.length > 0 && (
            <p className="muted">
              <SafeText text={`couldn't read ${red.failed.join('; ')} from the metrics source.`} />
            </p>
          )}
        </>
      )}
      <button type="button" className="link-button" onClick={() => void openHealth()} data-testid="span-red-open-health">
        open Service health at {time.clock(atMs)}
      </button>
    </section>
  );
}
