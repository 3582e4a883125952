import { LockstepApiError, type ApiError } from '../../shared';
import { SourceError } from '../datasources/types';

/** Turns anything thrown inside the services into an ApiError a person can read. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof LockstepApiError) return { code: error.code, message: error.message };
  if (error instanceof SourceError) {
    return { code: error.kind === 'not_found' ? 'not_found' : 'unavailable', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Lockstep: ${message}` };
}

export function errorMessage(error: unknown): string {
  return toApiError(error).message;
}

/** The error's own words, for logs and wrapped messages (errorMessage gives the person-facing ones). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
