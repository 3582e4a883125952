import { createElectronClient, electronBridge } from './electron-client';
import { browserSocket, httpAuthCheck, httpBulk, socketUrl } from './browser-transport';
import { takeToken } from './token';
import type { RendererClient } from './types';
import { createWebClient } from './web-client';

/** Electron when the preload exposed its bridge, the web host otherwise. */
export function createHostClient(): RendererClient {
  const bridge = electronBridge();
  if (bridge) return createElectronClient(bridge);
  const token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  return createWebClient({
    url: socketUrl(window.location, token),
    createSocket: browserSocket,
    checkAuth: httpAuthCheck(token),
    bulk: httpBulk(token),
  });
}
