/**
 * The demo fleet's one seam: everything outside demo/ reaches the simulated fleet
 * through these names, so its internals can change without touching the product.
 */
export { createDemoSource, type DemoSource, type DemoSourceOptions } from './embedded/demo-source';
export { EmbeddedFleet } from './embedded/embedded-fleet';
export { INCIDENT_NAMES, type IncidentName } from './fleet/incidents';
export { alertExpr, alertRules, recordingRules, RULE_WINDOW } from './rules';
export { startDemoServer, type DemoServer } from './server';
export { synthesiseHistory } from './embedded/week-history';
