import type { ExportProgress } from '../../../shared/api/export-request';
import { byteSize } from '../support/byte-size';

/** How much of the bar each phase fills, in order: traces are most of the wait, alerts a blink. */
const SPANS: Record<string, [number, number]> = {
  panels: [0, 0.3],
  alerts: [0.3, 0.35],
  logs: [0.35, 0.55],
  traces: [0.55, 0.9],
  sealing: [0.9, 1],
  done: [1, 1],
};

/** 0…1 for the bar. */
export function exportFraction(p: ExportProgress): number {
  const [from, to] = SPANS[p.phase] ?? [0, 0];
  const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return from + (to - from) * within;
}

/** The phase in words, as the dialog shows it: "fetching traces 120 of 480". */
export function exportPhaseWords(p: ExportProgress): string {
  const of = p.total > 0 ? ` ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}` : '';
  switch (p.phase) {
    case 'panels':
      return `fetching panel data${of}`;
    case 'alerts':
      return 'reading the alerts’ history';
    case 'logs':
      return `fetching log lines${of}`;
    case 'traces':
      return `fetching traces${of}`;
    case 'sealing':
      return 'compressing and signing the file';
    case 'done':
      return p.bytes !== undefined ? `file of ${byteSize(p.bytes)}` : 'done';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
  }
}
