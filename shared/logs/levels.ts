import type { LogLevel } from '../model/logs';

/** Level words as loggers write them (Go, Java, Python, syslog, OTel severityText). */
const LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: 'debug', debug: 'debug', dbug: 'debug', fine: 'debug', finer: 'debug', finest: 'debug',
  info: 'info', information: 'info', informational: 'info', notice: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error', severe: 'error',
  fatal: 'error', critical: 'error', crit: 'error', panic: 'error', alert: 'error', emerg: 'error', emergency: 'error',
};

/**
 * A level from whatever the backend holds: a word in any case (`WARN`, `warning`,
 * `Error`), an OTel severityText with a number suffix (`WARN2`), or an OTel
 * severityNumber (1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–24 error and fatal).
 */
export function levelOf(raw: unknown): LogLevel {
  if (typeof raw === 'number') return severityNumberLevel(raw);
  if (typeof raw !== 'string') return 'unknown';
  const word = raw.trim().toLowerCase();
  if (/^\d+$/.test(word)) return severityNumberLevel(Number(word));
  return LEVELS[word] ?? LEVELS[word.replace(/\d+$/, '')] ?? 'unknown';
}

function severityNumberLevel(n: number): LogLevel {
  if (!Number.isInteger(n) || n < 1 || n > 24) return 'unknown';
  if (n <= 8) return 'debug';
  if (n <= 12) return 'info';
  if (n <= 16) return 'warn';
  return 'error';
}
