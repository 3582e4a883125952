/**
 * The one sentence a view whose code could not be fetched shows (support/ChunkBoundary.tsx,
 * app/boot-failure.ts): what failed, why as the browser put it, and what to check.
 */
export function chunkFailureSentence(what: string, reason: string): string {
  const detail = reason.trim().replace(/[.\s]+$/, '') || 'no reason given';
  return `Could not load ${what} (${detail}); the console may have been rebuilt or its server stopped since this page opened — check the host is running, then reload.`;
}
