export { freePort } from './free-port';
export { BINARIES, MissingBinaryError, missingBinaryReason, requireBinaries, skipUnlessInstalled, type BinaryName } from './binaries';
export { startManagedProcess, sleep, type ManagedProcess, type ManagedProcessOptions } from './managed-process';
export {
  startAlertmanager,
  startPrometheus,
  startVictoriaMetrics,
  type AlertmanagerOptions,
  type PrometheusOptions,
  type RealServer,
  type ServerPlacement,
  type VictoriaMetricsOptions,
} from './real-servers';
export { scrapeConfigFor, startStaticExporter, type StaticExporter } from './static-exporter';
export { waitFor } from './wait-for';
export { syntheticMatrix } from './synthetic-matrix';
