/**
 * One line on stderr for a failure a person running the host should know about. Parts of
 * it may come from a request (a path, a method name), so control characters are replaced
 * and the line is capped: a client must not be able to forge or flood log lines.
 */
const MAX_LINE_CHARS = 500;

export function logLine(message: string): void {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]/g, ' ');
  console.error(`[lockstep] web host: ${clean.length > MAX_LINE_CHARS ? `${clean.slice(0, MAX_LINE_CHARS)}…` : clean}`);
}
