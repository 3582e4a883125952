import { MAX_INCIDENT_FILE_BYTES } from '../../../shared/api/bundle';

export { MAX_INCIDENT_FILE_BYTES };

const MB = 1_000_000;

/** Whole MB, rounded up, so a file just over the limit never reads as "100 MB" too. */
const megabytes = (bytes: number) => `${Math.max(1, Math.ceil(bytes / MB)).toLocaleString('en')} MB`;

/** The sentence that refuses a file, or undefined when its size is fine. */
export function incidentFileSizeProblem(name: string, bytes: number, limit = MAX_INCIDENT_FILE_BYTES): string | undefined {
  if (bytes <= limit) return undefined;
  return (
    `${name} is ${megabytes(bytes)}; Lockstep opens incident files up to ${megabytes(limit)}, so it was not opened. ` +
    'Lockstep’s own exports are a few MB: check that this is an incident export, not a log archive or a database dump.'
  );
}
