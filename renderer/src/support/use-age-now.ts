import { useMemo } from 'react';
import { formatAge } from '../panels/format';
import { useStore } from '../store/store';
import { referenceNow } from '../store/ui-slice';

/** The ages of `instants` as format.ts formatAge writes them at `now`, as one string. */
export function ageTexts(now: number, instants: readonly number[]): string {
  let texts = '';
  for (const instant of instants) texts += `${formatAge(now - instant)}\u0001`;
  return texts;
}

/**
 * "Now" (referenceNow) for a component that shows only ages of these instants ("4 min ago"):
 * it moves when one of those ages would read differently, not on every tick of the clock.
 * So alerts a few minutes old are drawn again once a minute, not each second: on a wall at a
 * 1 s refresh the alerts and the incident detail were drawn sixty times a minute to show the
 * same words, keeping their code hot enough to grow the page's compiled code for half an hour.
 */
export function useAgeNow(instants: readonly number[]): number {
  const texts = useStore((s) => ageTexts(referenceNow(s), instants));
  // `texts` is the trigger: the clock is read again only when an age would change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => referenceNow(useStore.getState()), [texts]);
}
