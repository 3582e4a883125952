import { createElectronClient, electronBridge } from './electron-client';
import { browserSocket, httpAuthCheck, httpBulk, socketUrl } from './browser-transport';
import { takeToken } from './token';
import type { RendererClient } from './types';
import { createWebClient } from './web-client';
import { randomId } from '../support/random-id';

/** Electron when the preload exposed its bridge, the web host otherwise. */
export function createHostClient(): RendererClient {
  const bridge = electronBridge();
  if (bridge) return createElectronClient(bridge);
  const token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  // This console's name for itself, so events of its calls over HTTP reach its WebSocket (shared/api/wire.ts).
  const consoleId = randomId();
  return createWebClient({
    url: socketUrl(window.location, token, consoleId),
    createSocket: browserSocket,
    checkAuth: httpAuthCheck(token),
    bulk: httpBulk(token, consoleId),
  });
}
