import { z } from 'zod';
import type { Unit } from '../model/dashboard';
import type { StatColor } from './kinds/stat';

/*
 * Grafana's `stat`, `singlestat` and `gauge` panels read as Lockstep's `stat` kind
 * (shared/dashboards/kinds/stat.ts): one big number per series with its threshold colour.
 * Only what that kind can show is taken; the rest is said in the import's notes.
 */

const StepsSchema = z.object({
  mode: z.string().optional(),
  steps: z.array(z.object({ value: z.number().nullable().optional(), color: z.string().catch('') })),
});
const ReduceSchema = z.object({ reduceOptions: z.object({ calcs: z.array(z.string()) }) });

/** An `rgb()`, `rgba()` or `#hex` colour's hue in degrees, or undefined for a name or a grey. */
function hueOf(color: string): number | undefined {
  const text = color.trim().toLowerCase();
  let rgb: number[] | undefined;
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(text);
  if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) rgb = hex.length === 3 ? [...hex].map((c) => parseInt(c + c, 16)) : [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  if (!rgb) return undefined;
  const [r, g, b] = rgb.map((v) => Math.min(255, v) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta < 0.15) return undefined;
  const h = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (h * 60 + 360) % 360;
}

/** Grafana's colour names, palette hexes and rgb() values as the theme's state colours (so the high-contrast theme recolours them too). */
function stateColor(color: string): StatColor {
  const hue = hueOf(color);
  if (hue !== undefined) {
    if (hue < 15 || hue >= 330) return 'bad';
    if (hue < 65) return 'warn';
    if (hue < 170) return 'ok';
    if (hue < 260) return 'info';
    return 'bad';
  }
  if (/red/i.test(color)) return 'bad';
  if (/orange|yellow/i.test(color)) return 'warn';
  if (/blue/i.test(color)) return 'info';
  if (/text|gray|grey|transparent|#[0-9a-f]+/i.test(color)) return 'muted';
  return 'ok';
}

const REDUCE_OF: Record<string, 'last' | 'mean' | 'max' | 'min'> = { lastNotNull: 'last', last: 'last', current: 'last', mean: 'mean', avg: 'mean', max: 'max', min: 'min' };

/** The stat kind's options from a Grafana stat/singlestat/gauge panel. */
export function statFromGrafana(
  panel: { type: string; options?: Record<string, unknown> | undefined; fieldConfig?: { defaults?: Record<string, unknown> } | undefined; valueName?: unknown },
  unit: Unit | undefined,
  skipped: string[],
  name: string,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (unit === 'percent' || unit === 'seconds') options.unit = unit;
  else if (unit !== undefined) skipped.push(`stat panel ${name} shows its values as plain numbers: the stat panel formats percent (0–1) and seconds only`);

  const calcs = ReduceSchema.safeParse(panel.options).data?.reduceOptions.calcs ?? (typeof panel.valueName === 'string' ? [panel.valueName] : []);
  const calc = calcs[0];
  if (calc !== undefined) {
    const reduce = REDUCE_OF[calc];
    if (reduce) options.reduce = reduce;
    else skipped.push(`stat panel ${name} shows the newest value: Grafana's ${JSON.stringify(calc)} reduction has no equivalent`);
  }

  const steps = StepsSchema.safeParse(panel.fieldConfig?.defaults?.thresholds);
  if (steps.success && steps.data.mode !== 'percentage') {
    const base = steps.data.steps.find((s) => s.value === null || s.value === undefined);
    if (base) options.base = stateColor(base.color);
    options.thresholds = steps.data.steps.flatMap((s) => (typeof s.value === 'number' ? [{ value: s.value, color: stateColor(s.color) }] : []));
  } else if (steps.success) {
    skipped.push(`stat panel ${name}: its thresholds are percentages of a range, which Lockstep does not draw; the number shows in the base colour`);
  }
  if (panel.type === 'gauge') skipped.push(`gauge panel ${name} shows as a big number with its threshold colour (Lockstep draws no dial)`);
  return options;
}
