/** Series colours chosen to read on both the dark and the light theme. */
export const SERIES_COLORS = ['#4e9cf5', '#f2a33a', '#3cc48b', '#e0607e', '#a77cf0', '#36c2d6', '#d9c84a', '#ef7d4d', '#8fa3b8'];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}
