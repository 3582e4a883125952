import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge';

// Sandboxed preload: bundled to one CommonJS file whose only require is 'electron'.
exposeBridge(contextBridge, ipcRenderer);
