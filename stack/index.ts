export { alertmanagerConfigYaml, TEAM_CHANNEL } from './alertmanager-config';
export { escalationAlertmanagerYaml, escalationRulesYaml, writeEscalationFiles } from './escalation-files';
export { startDemoFleet, type DemoFleet, type DemoFleetOptions } from './demo-process';
export { FAST_TIMING, NORMAL_TIMING, prometheusConfigYaml, rulesYaml, stackPolicy, type StackTiming } from './prometheus-config';
export { startStack, stackSources, StackPrerequisiteError, type Stack, type StackOptions } from './start-stack';
export { stopOnSignals } from './stop-on-signals';
export { startWebhookSink, type DeliveryCount, type Notification, type WebhookSink } from './webhook-sink';
export { toYaml, type YamlValue } from './yaml';
