import type { SourceConfig } from '../config/sources';
import { createAlertmanagerSource } from './alertmanager';
import { createDemoSource } from './demo';
import { createDeployerHttpSource } from './deployer-http';
import { createLokiSource } from './loki';
import { createPrometheusSource } from './prometheus';
import type { DataSource } from './types';
import { createZipkinSource } from './zipkin';

/** One module per backend kind; adding a kind is adding a module and a line here. */
export async function createDataSource(config: SourceConfig): Promise<DataSource> {
  switch (config.kind) {
    case 'demo':
      return createDemoSource(config);
    case 'prometheus':
      return createPrometheusSource(config);
    case 'alertmanager':
      return createAlertmanagerSource(config);
    case 'loki':
      return createLokiSource(config);
    case 'zipkin':
      return createZipkinSource(config);
    case 'deployer-http':
      return createDeployerHttpSource(config);
  }
}
