import type { SourceConfig, SourceConfigOf } from '../config/sources';
import { createAlertmanagerSource } from './alertmanager';
import { createDeployerHttpSource } from './deployer-http';
import { createLokiSource } from './loki';
import { createPrometheusSource } from './prometheus';
import type { DataSource } from './types';
import { createZipkinSource } from './zipkin';

/**
 * Makes the in-process demo fleet. The services never import the demo: the host that
 * offers it (desktop app, `npm start`) passes this in from demo/'s one seam.
 */
export type EmbeddedSourceFactory = (config: SourceConfigOf<'demo'>) => DataSource;

/** One module per backend kind; adding a kind is adding a module and a line here. */
export async function createDataSource(config: SourceConfig, embedded?: EmbeddedSourceFactory): Promise<DataSource> {
  switch (config.kind) {
    case 'demo':
      if (!embedded) throw new Error(`Source "${config.id}" is the embedded demo fleet, which this host does not include.`);
      return embedded(config);
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
