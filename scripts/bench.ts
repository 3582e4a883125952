/**
 * `npm run bench`: prints figures; never fails CI. Each section runs on its own so one
 * that cannot run here (no Chromium, say) still lets the others report.
 */
import { benchAlertInbox } from './bench/alert-inbox';
import { benchAlertToNotification } from './bench/alert-notification';
import { benchDashboard20 } from './bench/dashboard-20';
import { benchDemoFleet } from './bench/demo-fleet';
import { benchExport } from './bench/export';
import { benchFirstPanel } from './bench/first-panel';
import { benchLiveBytes } from './bench/live-bytes';
import { benchLogsTail } from './bench/logs-tail';
import { benchPrometheusDecode } from './bench/prometheus';
import { benchBundle, benchTimeseries } from './bench/timeseries';
import { type BenchFigure, benchTrace } from './bench/trace';
import { benchTracePage } from './bench/trace-page';
import { benchWallSoak } from './bench/wall-soak';
import { describeError } from '../services/util/errors';

const sections: [string, () => Promise<BenchFigure[]>][] = [
  ['Time to first live panel', benchFirstPanel],
  ['Trace: normalise + lay out 100,000 spans (Zipkin, Jaeger, OTLP JSON)', benchTrace],
  ['Trace view in Chromium: open 1k / 10k / 100k spans and a 5,000-deep chain from a loopback Zipkin, scroll, collapse', benchTracePage],
  ['Prometheus range decode: 500 series × 1,440 points', benchPrometheusDecode],
  ['Embedded demo fleet', () => benchDemoFleet(50_000)],
  ['Alert firing in Alertmanager → notification on screen (20 alerts)', benchAlertToNotification],
  ['Alert inbox: 5,000 alerts → incidents, and both lists rendered', benchAlertInbox],
  ['Time-series panel: 500 series × 1,440 points on canvas', benchTimeseries],
  ['Renderer bundle: chunks, raw and gzip', benchBundle],
  ['Dashboard of 20 panels refreshing every 5 s: main-thread tasks over 50 ms in steady state', benchDashboard20],
  ['Wall soak: kiosk playlist of four dashboards at 1 s refresh, renderer heap (--minutes N, default 30)', benchWallSoak],
  ['Logs tail: 5,000 lines/s for 60 s into the 100,000-line buffer', benchLogsTail],
  ['Live refresh bytes: 8-panel war room deltas vs whole results; N=200 × 1,440 through the WebSocket', benchLiveBytes],
  ['Incident export: a 2-hour incident with a 20-panel dashboard on screen (time, size before compression)', benchExport],
];

async function main(): Promise<void> {
  console.log(`Lockstep benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
  // `npm run bench -- notification inbox` runs only the sections whose titles contain those words.
  // Flags (`--minutes 3`, `--seconds 20`) are read by the sections they belong to, not matched as words.
  const args = process.argv.slice(2);
  const only = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--')).map((word) => word.toLowerCase());
  for (const [title, run] of sections) {
    if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word))) continue;
    console.log(`\n${title}`);
    try {
      for (const figure of await run()) console.log(`  ${figure.label.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}`);
    } catch (error) {
      console.log(`  could not run: ${describeError(error)}`);
    }
  }
}

void main().then(() => process.exit(0));
