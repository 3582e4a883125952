import { LockstepApiError, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../shared';
import type { ClientSession } from './client';
import type { ServiceContext } from './service-context';
import type { SourceSettings } from './source-settings';

type SettingsMethod =
  | 'listSourceSettings'
  | 'saveSource'
  | 'removeSource'
  | 'testSource'
  | 'setCredential'
  | 'deleteCredential'
  | 'exportSourceSettings'
  | 'importSourceSettings';

type Handler<M extends MethodName> = (request: ParsedRequestOf<M>, client: ClientSession, ctx: ServiceContext) => Promise<ResponseOf<M>>;

function settingsOf(ctx: ServiceContext): SourceSettings {
  if (!ctx.sourceSettings) throw new LockstepApiError('unavailable', "This console's sources were given to it in code, so there are no settings to change here.");
  return ctx.sourceSettings;
}

/** Who changed something, for the log: the host fills `author` in from the credential or the OS user. */
const actorOf = (author: string | undefined) => author?.trim() || 'someone';

/**
 * The settings screen's requests (services/core/source-settings.ts does the work). Viewers
 * never reach these: none is on the read-only list (services/actions/acting-identity.ts).
 */
export const settingsHandlers: { [M in SettingsMethod]: Handler<M> } = {
  listSourceSettings: async (_request, _client, ctx) => settingsOf(ctx).list(),
  saveSource: async (request, _client, ctx) => settingsOf(ctx).save(request.source, request.replaces, actorOf(request.author)),
  removeSource: async (request, _client, ctx) => settingsOf(ctx).remove(request.id, actorOf(request.author)),
  testSource: async (request, _client, ctx) => settingsOf(ctx).test(request.source),
  setCredential: async (request, _client, ctx) => settingsOf(ctx).setCredential(request.name, request.secret, actorOf(request.author)),
  deleteCredential: async (request, _client, ctx) => settingsOf(ctx).deleteCredential(request.name, actorOf(request.author)),
  exportSourceSettings: async (_request, _client, ctx) => settingsOf(ctx).export(),
  importSourceSettings: async (request, _client, ctx) => settingsOf(ctx).import(request.text, actorOf(request.author)),
};
