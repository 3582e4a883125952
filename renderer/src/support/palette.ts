/**
 * One colour per service everywhere: a dashboard line, a trace waterfall bar and an
 * incident carry the same colour for the same service, so a person follows
 * "payment-service is orange" from one view to the next. The colour comes from the
 * name alone (a hash), never from the order a view happens to list services in.
 * Colours chosen to read on both the dark and the light theme.
 */
export const PALETTE = [
  '#4e9cf5', '#f2a33a', '#3cc48b', '#e0607e', '#a77cf0', '#36c2d6', '#d9c84a', '#ef7d4d',
  '#8fa3b8', '#6fd36f', '#f07cc8', '#5b7cf0', '#c9a36b', '#2fb3a0', '#b8d94a', '#d46a6a',
] as const;

/** FNV-1a over the UTF-16 code units: stable across runs, processes and browsers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV's low bits barely change between names alike ("fare-service", "ride-service"): a
  // final avalanche (MurmurHash3's fmix32) spreads every input bit over every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The colour of a named thing (a service, a city, a provider): the same name, the same
 * colour, in every view. A hue from the hash (24 steps of 15°) at one of two lightnesses:
 * 48 colours, so two services of one chart rarely share one, which a 9- or 16-colour list
 * hashed into does often (six services into nine colours collide more often than not).
 */
export function colorForName(name: string): string {
  const h = hash(name);
  const hue = (h % 24) * 15;
  const light = (h >>> 8) % 2 === 0 ? 62 : 52;
  return `hsl(${hue} 70% ${light}%)`;
}

/** The colour of the `index`th of a list that has no names to go by. */
export function colorForIndex(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/**
 * The demo fleet's services (demo/fleet/catalog.ts TRACE_SERVICES) by hand: hashed, two of
 * seven would often land on neighbouring hues, and these are the ones every screen shows.
 * Mid-lightness, saturated: each reads on the dark and the light theme alike, and none is
 * the danger red, so a service's colour is never taken for "failing".
 */
export const SERVICE_COLORS: Readonly<Record<string, string>> = {
  'app-gateway': '#4e9cf5',
  'ride-service': '#a77cf0',
  'lock-service': '#2fb3a0',
  'iot-gateway': '#d9c84a',
  'payment-service': '#f2a33a',
  'wallet-db': '#f07cc8',
  'rider-app': '#8fa3b8',
};

/**
 * A service's colour in every view (chart lines and legends, trace bars, incident chips,
 * deployments): the fixed one for a known service, otherwise from its name's hash.
 */
export function serviceColor(name: string): string {
  return Object.hasOwn(SERVICE_COLORS, name) ? SERVICE_COLORS[name]! : colorForName(name);
}

/** Label keys that name a thing with an identity of its own, most specific meaning first. */
const IDENTITY_LABELS = ['service', 'city', 'provider', 'step', 'job'] as const;

/**
 * A series' colour: its service's colour when it has a service label (or its city's,
 * provider's…), so the same service looks the same on every dashboard; otherwise by position.
 */
export function seriesColor(labels: Readonly<Record<string, string>>, index: number, legend?: string): string {
  if (labels.service) return serviceColor(labels.service);
  // A series whose legend is a service's name (legendFormat "{{job}}", a renamed label) is that service.
  if (legend !== undefined && Object.hasOwn(SERVICE_COLORS, legend)) return SERVICE_COLORS[legend]!;
  for (const key of IDENTITY_LABELS) {
    const value = labels[key];
    if (value) return colorForName(value);
  }
  return colorForIndex(index);
}
