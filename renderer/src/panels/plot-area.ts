/**
 * The plot area's box in a uPlot chart, from the inline style uPlot gives its over layer
 * (left, top, width, height in CSS px), rounded as offsetLeft and clientWidth round. Read
 * from the style it costs nothing; offsetLeft/clientWidth, read on every draw, laid the
 * whole page out again after each new plot (scripts/bench/wall-frames.ts).
 */
export function plotArea(over: { style: Pick<CSSStyleDeclaration, 'left' | 'top' | 'width' | 'height'> }): { left: number; top: number; width: number; height: number } {
  const px = (value: string) => Math.round(Number.parseFloat(value) || 0);
  return { left: px(over.style.left), top: px(over.style.top), width: px(over.style.width), height: px(over.style.height) };
}
