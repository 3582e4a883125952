/** A link found in a line (renderer/src/panels/derived-fields.ts makes them). */
export interface DerivedLink {
  start: number;
  end: number;
  name: string;
  url: string;
}

/** A run of a line's text: plain, a search hit, part of a link, or both. */
export interface TextSegment {
  text: string;
  mark: boolean;
  link?: { name: string; url: string };
}

/**
 * A line cut into runs at every link and highlight edge, so a row can draw links with
 * search hits inside them. Links never overlap each other; highlights never overlap each other.
 */
export function textSegments(text: string, links: readonly DerivedLink[], marks: readonly (readonly [number, number])[]): TextSegment[] {
  if (links.length === 0 && marks.length === 0) return [{ text, mark: false }];
  const cuts = new Set<number>([0, text.length]);
  for (const l of links) cuts.add(Math.min(l.start, text.length)).add(Math.min(l.end, text.length));
  for (const [s, e] of marks) cuts.add(Math.min(s, text.length)).add(Math.min(e, text.length));
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    const link = links.find((l) => l.start <= start && end <= l.end);
    const mark = marks.some(([s, e]) => s <= start && end <= e);
    const previous = segments[segments.length - 1];
    const linkInfo = link ? { name: link.name, url: link.url } : undefined;
    if (previous && previous.mark === mark && previous.link?.url === linkInfo?.url && previous.link?.name === linkInfo?.name && (!linkInfo || links.find((l) => l.start <= start - 1 && start <= l.end) === link)) {
      previous.text += text.slice(start, end);
    } else segments.push({ text: text.slice(start, end), mark, ...(linkInfo ? { link: linkInfo } : {}) });
  }
  return segments;
}
