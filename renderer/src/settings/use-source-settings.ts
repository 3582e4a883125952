import { useCallback, useEffect, useState } from 'react';
import type { SourceSettingsList } from '../../../shared/api/source-settings';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';

/**
 * The sources as the services have them configured, loaded when Settings opens and again
 * whenever the sources change — here or on another console (`sourcesChanged`).
 */
export function useSourceSettings(enabled: boolean): { list: SourceSettingsList | null; error?: string; reload(): Promise<void> } {
  const client = useStore((s) => s.client);
  const [list, setList] = useState<SourceSettingsList | null>(null);
  const [error, setError] = useState<string>();

  const reload = useCallback(async () => {
    if (!client || !enabled) return;
    try {
      setList(await client.call('listSourceSettings', {}));
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [client, enabled]);

  useEffect(() => {
    void reload();
    if (!client || !enabled) return undefined;
    return client.on('sourcesChanged', () => void reload());
  }, [client, enabled, reload]);

  return { list, error, reload };
}
