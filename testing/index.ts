export { freePort } from '../stack/process/free-port';
export { BINARIES, MissingBinaryError, missingBinaryReason, requireBinaries, skipUnlessInstalled, type BinaryName } from '../stack/process/binaries';
export { startManagedProcess, sleep, type ManagedProcess, type ManagedProcessOptions } from '../stack/process/managed-process';
export {
  startAlertmanager,
  startPrometheus,
  startVictoriaMetrics,
  type AlertmanagerOptions,
  type PrometheusOptions,
  type RealServer,
  type ServerPlacement,
  type VictoriaMetricsOptions,
} from '../stack/servers/real-servers';
export { scrapeConfigFor, startStaticExporter, type StaticExporter } from './static-exporter';
export { waitFor } from './wait-for';
export { syntheticMatrix } from './synthetic-matrix';
