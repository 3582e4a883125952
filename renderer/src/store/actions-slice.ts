import type { ActionRecord } from '../../../shared/api/actions';
import { errorText } from '../api/parse';
import type { SliceCreator } from './app-state';

/** Actions the person has not seen the end of in a reply: queued, in doubt, or settled later. */
export interface ActionsSlice {
  actions: ActionRecord[];
  /** True once the host pushed an `actions` event: from then on it keeps the list current. */
  actionsPushed: boolean;
  actionsError?: string;
  applyActions(actions: ActionRecord[], pushed: boolean): void;
  loadActions(): Promise<void>;
}

export const actionsInitial = { actions: [] as ActionRecord[], actionsPushed: false, actionsError: undefined as string | undefined };

export const createActionsSlice: SliceCreator<ActionsSlice> = (set, get) => ({
  ...actionsInitial,
  applyActions(actions, pushed) {
    set((state) => ({ actions, actionsError: undefined, actionsPushed: state.actionsPushed || pushed }));
  },
  async loadActions() {
    const client = get().client;
    if (!client) return;
    try {
      const { actions } = await client.call('listActions', {});
      if (get().client === client) get().applyActions(actions, false);
    } catch (error) {
      if (get().client === client) set({ actionsError: errorText(error) });
    }
  },
});
