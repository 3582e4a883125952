import type { SourceConfig, SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { createSourceTransport, withTransport } from '../http/source-transport';
import type { CredentialReader } from '../settings/credentials';
import type { ColumnsThread } from '../traces/columns-thread';
import { createAlertmanagerSource } from './alertmanager';
import { createArgoRolloutsSource } from './argo-rollouts';
import { createDeployerHttpSource } from './deployer-http';
import { createElasticsearchSource } from './elasticsearch';
import { createJaegerSource } from './jaeger';
import { createLokiSource } from './loki';
import { createPrometheusSource } from './prometheus';
import { createTempoSource } from './tempo';
import type { DataSource } from './types';
import { createWebhookDeployerSource } from './webhook-deployer';
import { createZipkinSource } from './zipkin';

/**
 * Makes the in-process demo fleet. The services never import the demo: the host that
 * offers it (desktop app, `npm start`) passes this in from demo/'s one seam.
 */
export type EmbeddedSourceFactory = (config: SourceConfigOf<'demo'>) => DataSource;

/**
 * One module per backend kind; adding a kind is adding it to shared's SourceKindSchema, a
 * config entry, a module and a line here (the type check fails until all four agree).
 * `credentials` is where the sources' `auth` names are looked up; `columnsThread`, where large
 * trace answers are read off the host's thread (the host's one, shared by its sources).
 */
export async function createDataSource(config: SourceConfig, embedded?: EmbeddedSourceFactory, credentials?: CredentialReader, columnsThread?: ColumnsThread): Promise<DataSource> {
  if (config.kind === 'demo') return connectorFor(config, embedded, { credentials });
  // One pool, proxy choice, TLS setup and concurrency limit per source, closed with it.
  const transport = createSourceTransport(config);
  try {
    return withTransport(await connectorFor(config, embedded, { credentials, transport, ...(columnsThread ? { columnsThread } : {}) }), transport);
  } catch (error) {
    await transport.close();
    throw error;
  }
}

async function connectorFor(config: SourceConfig, embedded: EmbeddedSourceFactory | undefined, deps: SourceDeps): Promise<DataSource> {
  switch (config.kind) {
    case 'demo':
      if (!embedded) throw new Error(`Source "${config.id}" is the embedded demo fleet, which this host does not include.`);
      return embedded(config);
    case 'prometheus':
      return createPrometheusSource(config, deps);
    case 'alertmanager':
      return createAlertmanagerSource(config, deps);
    case 'loki':
      return createLokiSource(config, deps);
    case 'elasticsearch':
      return createElasticsearchSource(config, deps);
    case 'zipkin':
      return createZipkinSource(config, deps);
    case 'jaeger':
      return createJaegerSource(config, deps);
    case 'tempo':
      return createTempoSource(config, deps);
    case 'deployer-http':
      return createDeployerHttpSource(config, deps);
    case 'deploy-webhook':
      return createWebhookDeployerSource(config, deps);
    case 'argo-rollouts':
      return createArgoRolloutsSource(config, deps);
  }
}
