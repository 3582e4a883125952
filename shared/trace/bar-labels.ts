/**
 * Where a waterfall row's bar parts and their numbers go, in pixels of the row's lane, so
 * that a 2.5 ms network hop on a 10 s trace stays visible and no number is written over the
 * hatched network parts or over another number. Pure: the view measures nothing, it draws this.
 */

export type BarPartKind = 'network-out' | 'server' | 'network-back' | 'span';

export interface BarPartInput {
  kind: BarPartKind;
  /** Pixels from the lane's left edge, after clipping to the zoom window. */
  x0: number;
  x1: number;
  /** The number to show for this part (only parts with a label get one). */
  label?: string;
}

export interface PlacedPart {
  kind: BarPartKind;
  x: number;
  width: number;
}

export interface PlacedLabel {
  text: string;
  /** Which part the number belongs to; 'total' is the span's own duration. */
  of: BarPartKind | 'total';
  /** Left edge, pixels from the lane's left edge. */
  x: number;
  width: number;
  inside: boolean;
}

export interface BarLayout {
  parts: PlacedPart[];
  labels: PlacedLabel[];
  /** Labels that fit nowhere in the lane (the detail pane still shows every number). */
  dropped: string[];
}

export interface BarLabelOptions {
  laneWidth: number;
  /** Average glyph width of the label font, pixels. */
  charWidth?: number;
  /** Narrowest drawn width of a network part and of any other part, pixels. */
  minNetwork?: number;
  minPart?: number;
  /** The span's total, written after the parts' numbers. */
  total?: string;
}

const GAP = 4;
const PAD = 3;

export function textWidth(text: string, charWidth: number): number {
  return Math.ceil(text.length * charWidth) + 2 * PAD;
}

const isNetwork = (kind: BarPartKind) => kind === 'network-out' || kind === 'network-back';

export function placeBar(inputs: readonly BarPartInput[], options: BarLabelOptions): BarLayout {
  const { laneWidth } = options;
  const charWidth = options.charWidth ?? 6.5;
  const minNetwork = options.minNetwork ?? 4;
  const minPart = options.minPart ?? 2;

  // 1. Every part at least its minimum width, in order, never overlapping the part before.
  const parts: PlacedPart[] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  for (const p of inputs) {
    const min = isNetwork(p.kind) ? minNetwork : minPart;
    const x = Math.max(p.x0, cursor);
    const width = Math.max(p.x1 - p.x0, min);
    parts.push({ kind: p.kind, x, width });
    cursor = x + width;
  }
  // Widening pushed the bar past the lane's end: slide it back in (never past the left edge).
  const overflow = cursor - laneWidth;
  if (overflow > 0 && parts.length > 0) {
    const shift = Math.min(overflow, parts[0]!.x);
    for (const p of parts) p.x -= shift;
  }
  if (parts.length === 0) return { parts, labels: [], dropped: options.total ? [options.total] : [] };
  const barStart = parts[0]!.x;
  const barEnd = parts[parts.length - 1]!.x + parts[parts.length - 1]!.width;

  // 2. Numbers: a solid part's fits inside it; a network part's never does (the hatches stay
  // readable): network out goes before the bar, everything else after it, in bar order.
  const labels: PlacedLabel[] = [];
  const before: { text: string; of: PlacedLabel['of'] }[] = [];
  const after: { text: string; of: PlacedLabel['of'] }[] = [];
  inputs.forEach((input, i) => {
    if (!input.label) return;
    const part = parts[i]!;
    const w = textWidth(input.label, charWidth);
    const centred = part.x + (part.width - w) / 2;
    if (!isNetwork(input.kind) && w <= part.width && centred >= 0 && centred + w <= laneWidth) {
      labels.push({ text: input.label, of: input.kind, x: part.x + (part.width - w) / 2, width: w, inside: true });
    } else if (input.kind === 'network-out') {
      before.push({ text: input.label, of: input.kind });
    } else {
      after.push({ text: input.label, of: input.kind });
    }
  });
  if (options.total) after.push({ text: options.total, of: 'total' });

  const dropped: string[] = [];
  const widthOf = (items: { text: string }[]) => items.reduce((sum, item) => sum + textWidth(item.text, charWidth) + GAP, 0);
  let right = after;
  let left = before;
  // Not enough room after the bar: what does not fit goes before it instead.
  while (right.length > 0 && barEnd + widthOf(right) > laneWidth) {
    left = [...left, right[right.length - 1]!];
    right = right.slice(0, -1);
  }
  // Not enough room before it either (a bar as wide as the lane): a network part's number goes
  // inside the solid part next to it, against that edge — beside its hatch, never over it; any
  // other number goes in the middle of the widest solid part. What collides is dropped.
  const homeless: { text: string; of: PlacedLabel['of'] }[] = [];
  while (left.length > 0 && barStart - widthOf(left) < 0) {
    homeless.push(left[left.length - 1]!);
    left = left.slice(0, -1);
  }
  const free = (x: number, w: number) => x >= 0 && x + w <= laneWidth && !labels.some((l) => overlaps(l.x, l.width, x, w));
  const solidAt = (i: number) => (i >= 0 && i < parts.length && !isNetwork(parts[i]!.kind) ? parts[i] : undefined);
  const rank = (of: PlacedLabel['of']) => (of === 'network-out' || of === 'network-back' ? 0 : of === 'total' ? 2 : 1);
  for (const item of homeless.sort((a, b) => rank(a.of) - rank(b.of))) {
    const w = textWidth(item.text, charWidth);
    const i = inputs.findIndex((input) => input.kind === item.of);
    let x: number | undefined;
    if (item.of === 'network-out') {
      const solid = solidAt(i + 1);
      if (solid && w + PAD <= solid.width) x = solid.x + PAD;
    } else if (item.of === 'network-back') {
      const solid = solidAt(i - 1);
      if (solid && w + PAD <= solid.width) x = solid.x + solid.width - w - PAD;
    } else {
      const solid = parts.filter((p) => !isNetwork(p.kind)).sort((a, b) => b.width - a.width)[0];
      if (solid && w <= solid.width) x = solid.x + (solid.width - w) / 2;
    }
    if (x !== undefined && free(x, w)) labels.push({ text: item.text, of: item.of, x, width: w, inside: true });
    else dropped.push(item.text);
  }
  let x = barEnd + GAP;
  for (const item of right) {
    const w = textWidth(item.text, charWidth);
    labels.push({ text: item.text, of: item.of, x, width: w, inside: false });
    x += w + GAP;
  }
  x = barStart - GAP;
  for (const item of left) {
    const w = textWidth(item.text, charWidth);
    x -= w;
    labels.push({ text: item.text, of: item.of, x, width: w, inside: false });
    x -= GAP;
  }
  return { parts, labels, dropped };
}

function overlaps(a: number, aw: number, b: number, bw: number): boolean {
  return a < b + bw && b < a + aw;
}
