import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { type ActingPermission, actingPermission } from './permissions';

/** For acting buttons: `disabled={!canAct}` and `title={reason}`; a viewer is told why. */
export function useActingPermission(): ActingPermission {
  return useStore(useShallow((s) => actingPermission(s.session)));
}
