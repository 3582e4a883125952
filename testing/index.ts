export { freePort } from '../stack/process/free-port';
export { BINARIES, MissingBinaryError, missingBinaryReason, requireBinaries, skipUnlessInstalled, type BinaryName } from '../stack/process/binaries';
export { startManagedProcess, sleep, type ManagedProcess, type ManagedProcessOptions } from '../stack/process/managed-process';
export {
  startAlertmanager,
  startPrometheus,
  startVictoriaMetrics,
  startVmalert,
  type AlertmanagerOptions,
  type PrometheusOptions,
  type RealServer,
  type ServerPlacement,
  type VictoriaMetricsOptions,
  type VmalertOptions,
} from '../stack/servers/real-servers';
export { startVictoriaMetricsWithRules, type VictoriaMetricsWithRules, type VictoriaMetricsWithRulesOptions } from '../stack/servers/victoria-with-rules';
export { startAlertmanagerCluster, type AlertmanagerClusterOptions, type RealAlertmanagerCluster } from '../stack/servers/alertmanager-cluster';
export { scrapeConfigFor, startStaticExporter, type StaticExporter } from './static-exporter';
export { waitFor } from './wait-for';
export { syntheticMatrix } from './synthetic-matrix';
export { pacedAnswer } from './paced-answer';
