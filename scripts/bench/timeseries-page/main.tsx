/**
 * The benchmark page of scripts/bench/timeseries.ts: the real TimeseriesPanel and store,
 * fed 500 series × 1,440 points. It records when the data entered the store and every
 * time the canvas was drawn, for the benchmark to read from `window.lockstepBench`.
 */
import { createRoot } from 'react-dom/client';
import type { Panel } from '../../../shared/model/dashboard';
import type { QueryResult } from '../../../shared/model/series';
import { liveQueryId } from '../../../renderer/src/panels/live-queries';
import { TimeseriesPanel } from '../../../renderer/src/panels/TimeseriesPanel';
import { useStore } from '../../../renderer/src/store/store';
import '../../../renderer/src/styles.css';

const params = new URLSearchParams(location.search);
const SERIES = Number(params.get('series') ?? 500);
const POINTS = Number(params.get('points') ?? 1440);

const panel: Panel = {
  id: 'bench',
  kind: 'timeseries',
  title: `${SERIES} series × ${POINTS} points`,
  grid: { x: 0, y: 0, w: 24, h: 10 },
  targets: [{ refId: 'A', expr: 'bench', legend: '{{service}}' }],
  options: { unit: 'seconds', min: 0, threshold: { value: 0.9, below: false } },
};

/** Deterministic data: a random walk per series with a spike now and then (no Math.random, so every run draws the same). */
function makeResult(now: number): QueryResult {
  const times = Array.from({ length: POINTS }, (_, i) => now - (POINTS - 1 - i) * 60_000);
  let seed = 42;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const series = Array.from({ length: SERIES }, (_, s) => {
    let v = 0.05 + next() * 0.3;
    const values = times.map(() => {
      v = Math.max(0.001, v + (next() - 0.5) * 0.02);
      return next() < 0.002 ? v * 8 : v;
    });
    return { name: 'bench', labels: { service: `service-${s}` }, times, values };
  });
  return { series, fetchedAt: now, warnings: [] };
}

interface BenchState {
  storedAt?: number;
  /** With `?start=manual`: puts the data in the store when the benchmark says (it reads the main thread's CPU time first). */
  start?: () => void;
  draws: number[];
  /** After each draw, the next frame: the canvas handed to the compositor. */
  painted: number[];
}
const state: BenchState = { draws: [], painted: [] };
(window as unknown as { lockstepBench: BenchState }).lockstepBench = state;

// Every canvas draw bumps the chart's data-draws attribute (TimeseriesChart.tsx).
new MutationObserver((records) => {
  if (!records.some((r) => r.attributeName === 'data-draws')) return;
  state.draws.push(performance.now());
  requestAnimationFrame(() => setTimeout(() => state.painted.push(performance.now()), 0));
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-draws'] });

const root = document.getElementById('root')!;
// The dashboard's grid (24 columns, fixed-height rows), so the panel gets the height it has on a dashboard.
root.style.cssText = 'width: 1200px; display: grid; grid-template-columns: repeat(24, 1fr); grid-auto-rows: 48px;';
createRoot(root).render(<TimeseriesPanel panel={panel} />);

const result = makeResult(Date.now());
// The store as a live update fills it (panels-slice.ts keeps one entry per panel target).
const store = () => {
  state.storedAt = performance.now();
  useStore.setState((s) => ({ live: { ...s.live, [liveQueryId(panel.id, 'A')]: { result, at: Date.now() } } }));
};
if (params.get('start') === 'manual') state.start = () => void setTimeout(store, 0);
else setTimeout(store, 50);
