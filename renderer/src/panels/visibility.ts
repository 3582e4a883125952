/**
 * Which series a chart draws, as Grafana's legend does it: a click isolates a series (only
 * it drawn), a click on the one series already isolated shows them all again, and
 * shift-click (or Space) hides or shows one series, leaving the others as they are.
 */
export function isolate(shown: readonly boolean[], index: number): boolean[] {
  const alone = shown[index] === true && shown.every((on, i) => on === (i === index));
  return shown.map((_, i) => alone || i === index);
}

export function toggle(shown: readonly boolean[], index: number): boolean[] {
  return shown.map((on, i) => (i === index ? !on : on));
}

/** The visibility carried over to a new set of series, by name: new ones shown, gone ones forgotten. */
export function carryOver(previous: ReadonlyMap<string, boolean>, names: readonly string[]): boolean[] {
  return names.map((name) => previous.get(name) ?? true);
}
