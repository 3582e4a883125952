import { useEffect, useState } from 'react';
import type { HtmlReportStatus } from '../../../shared/api/export-request';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';

/**
 * Whether the host can save an export as the HTML report (it needs the report page built),
 * asked once per connection; `undefined` while asking. A host that cannot answer is taken
 * as "not available", with its reason, so the option never fails silently.
 */
export function useHtmlReportStatus(ask: boolean): HtmlReportStatus | undefined {
  const client = useStore((s) => s.client);
  const [status, setStatus] = useState<HtmlReportStatus>();
  useEffect(() => {
    if (!ask || !client) return;
    let current = true;
    client
      .call('htmlReportStatus', {})
      .then((answer) => current && setStatus(answer))
      .catch((error: unknown) => current && setStatus({ available: false, problem: `The host could not say whether it can save the HTML report: ${errorText(error)}.` }));
    return () => {
      current = false;
    };
  }, [ask, client]);
  return status;
}
