const MB = 1_000_000;

/** Decimal megabytes as file managers show them: one decimal below 10 MB ("3.1 MB"), whole above ("200 MB"). */
export function megabytes(bytes: number): string {
  return bytes < 10 * MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / MB).toLocaleString('en')} MB`;
}

/** Rounded up, for a refusal: a file just over a limit never reads as the limit itself. */
export function megabytesUp(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / MB)).toLocaleString('en')} MB`;
}
