import { visibleText } from '../../../shared/text/visible-text';
import { SafeText } from '../support/SafeText';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { buildToplist, type Toplist, type ToplistOptions, ToplistOptionsSchema, toplistHeaders } from './toplist-math';
import { usePanelData } from './use-panel-data';

/**
 * The worst N series of a `topk` query as a table (kind `toplist`): "offline locks, longest
 * silent first", a column per label, the value coloured by the thresholds.
 */
export function ToplistPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const stale = useIsStale(data.oldestFetch);
  const options = ToplistOptionsSchema.parse(panel.options);
  const series = data.entries.flatMap((entry) => entry?.result?.series ?? []);
  let body;
  if (data.error && series.length === 0) body = <PanelMessage kind="error" text={data.error} />;
  else if (data.waiting && data.slowLoading) body = <PanelMessage kind="loading" text="Loading…" />;
  else if (series.length === 0 && !data.waiting) body = <PanelMessage kind="empty" text="No data in this range." />;
  else body = <ToplistTable list={buildToplist(series, options)} options={options} />;
  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      {body}
    </PanelFrame>
  );
}

export function ToplistTable({ list, options }: { list: Toplist; options: ToplistOptions }) {
  if (list.rows.length === 0) return <PanelMessage kind="empty" text={options.emptyText} />;
  const headers = toplistHeaders(options);
  return (
    <div className="toplist">
      <table className="toplist__table" data-testid="toplist">
        <thead>
          <tr>
            {headers.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
            <th scope="col" className="toplist__num">
              <SafeText text={options.valueTitle} />
            </th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((row, i) => (
            <tr key={`${row.labels.join('\u0000')}-${i}`} data-testid="toplist-row" data-state={row.state}>
              {row.labels.map((value, c) => (
                <td key={headers[c]} title={visibleText(value)}>
                  <SafeText text={value || '–'} />
                </td>
              ))}
              <td className={`toplist__num toplist__value--${row.state}`}>
                {row.text}
                {row.state !== 'ok' && <span className="sr-only"> ({row.state === 'bad' ? 'bad' : 'warning'})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.more > 0 && <p className="toplist__more muted">and {list.more} more past the first {options.limit}</p>}
    </div>
  );
}
