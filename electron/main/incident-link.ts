/**
 * How the main process asks the renderer to show something without a new API message:
 * the renderer routes on the URL hash, and a hash change never reloads the page.
 */
export const incidentHash = (incidentId: string): string => `#/incident/${encodeURIComponent(incidentId)}`;
export const OPEN_FILE_HASH = '#/open-incident-file';
/** A notification's Acknowledge button: the incident, with its acknowledge dialog open (a comment is still asked for). */
export const acknowledgeHash = (incidentId: string): string => `#/acknowledge/${encodeURIComponent(incidentId)}`;

export interface HashTarget {
  executeJavaScript(code: string): Promise<unknown>;
}

/** The hash is JSON-encoded, so no id can break out of the string literal. */
export function setRendererHash(contents: HashTarget, hash: string): Promise<unknown> {
  return contents.executeJavaScript(`window.location.hash = ${JSON.stringify(hash)};`);
}
