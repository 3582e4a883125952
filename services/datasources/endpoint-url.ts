/** A configured base URL without trailing slashes, so paths can be appended. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Endpoints are shown in the UI; a password in the URL must not be. */
export function redact(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return baseUrl(parsed.toString());
}
