export { alertmanagerConfigYaml, RECEIVERS, type ReceiverName } from './alertmanager-config';
export { startDemoFleet, type DemoFleet, type DemoFleetOptions } from './demo-process';
export { FAST_TIMING, NORMAL_TIMING, prometheusConfigYaml, rulesYaml, type StackTiming } from './prometheus-config';
export { startStack, stackSources, StackPrerequisiteError, type Stack, type StackOptions } from './start-stack';
export { stopOnSignals } from './stop-on-signals';
export { startWebhookSink, type Notification, type WebhookSink } from './webhook-sink';
export { toYaml, type YamlValue } from './yaml';
