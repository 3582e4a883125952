/**
 * A whole JSON document read and written at once: electron-store (and its base, conf)
 * expose exactly this as `store`, and PrivateJsonFile does the same for the web host.
 * Whatever reads it parses it with a schema: a hand-edited file is input from outside.
 */
export interface DocumentStore {
  get store(): Record<string, unknown>;
  set store(value: Record<string, unknown>);
}
