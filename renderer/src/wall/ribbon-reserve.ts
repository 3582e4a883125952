import type { Slide } from './playlist';

/**
 * The ribbon's playlist text at its widest, one line per slide: what it shows for the slide
 * on screen ("2/4 Lock fleet") and for the one coming next ("next in 5 s: Lock fleet"). Laid
 * out hidden under the text (styles.css, .ribbon__slot), it keeps the text's box as wide as
 * its widest value, so a slide change moves nothing after it. Without it each change moved
 * the next-slide text, the Pause button and the alerting chip: three layout shifts a turn
 * (scripts/bench/wall-frames.ts).
 */
export function ribbonReserve(slides: readonly Pick<Slide, 'title' | 'seconds'>[]): { title: string; next: string } {
  const count = slides.length;
  // The countdown at its most digits; the ribbon's figures are tabular, so any digit is as wide.
  const seconds = '0'.repeat(String(Math.max(0, ...slides.map((s) => s.seconds))).length);
  return {
    title: slides.map((s) => `${count}/${count} ${s.title}`).join('\n'),
    next: slides.map((s) => `next in ${seconds} s: ${s.title}`).join('\n'),
  };
}
