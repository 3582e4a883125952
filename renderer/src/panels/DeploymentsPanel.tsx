import { useMemo } from 'react';
import type { Color, Deployment } from '../../../shared/model/deploy';
import { useStore } from '../store/store';
import { referenceNow } from '../store/ui-slice';
import { SafeText } from '../support/SafeText';
import { formatAge } from './format';
import { ServiceSwatch } from '../support/ServiceSwatch';
import { useTimeFormat } from '../support/use-time-format';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { DeploymentsStaleMark } from '../wall/stale-marks';
import { deploymentAt } from '../replay/replay-time';
import { useReplayAt } from '../replay/use-replay';

/** Blue/green state per service: which colour takes traffic, and each colour's version. */
export function DeploymentsPanel({ panel }: PanelProps) {
  const held = useStore((s) => s.deployments);
  // Replaying an incident file: which colour was live then, from each deployment's switches.
  const replayAt = useReplayAt();
  const deployments = useMemo(() => (replayAt === undefined ? held : held.map((d) => deploymentAt(d, replayAt))), [held, replayAt]);
  const error = useStore((s) => s.deploymentsError);
  const loadDeployments = useStore((s) => s.loadDeployments);
  const now = useStore((s) => Math.floor(referenceNow(s) / 10_000) * 10_000);
  const time = useTimeFormat();

  let body;
  if (error) body = <PanelMessage kind="error" text={error} onRetry={() => void loadDeployments()} />;
  else if (deployments.length === 0) body = <PanelMessage kind="empty" text="No blue/green deployments reported." />;
  else
    body = (
      <table className="deploys">
        <thead>
          <tr>
            <th>Service</th>
            <th>Blue</th>
            <th>Green</th>
            <th>Switched</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.service} data-testid="deployment-row" data-service={d.service} data-active={d.active}>
              <td className="deploys__service">
                <ServiceSwatch service={d.service} testId="deployment-service-swatch" />
                <SafeText text={d.service} />
              </td>
              <ColorCell deployment={d} color="blue" />
              <ColorCell deployment={d} color="green" />
              <td className="deploys__when" title={d.switchedAt ? time.instant(d.switchedAt) : undefined}>{d.switchedAt ? `${formatAge(now - d.switchedAt)} ago` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <PanelFrame panel={panel} badges={<DeploymentsStaleMark />}>
      {body}
    </PanelFrame>
  );
}

function ColorCell({ deployment, color }: { deployment: Deployment; color: Color }) {
  const version = deployment.colors[color]?.version;
  const active = deployment.active === color;
  return (
    <td className={`deploys__color deploys__color--${color}${active ? ' is-active' : ''}`}>
      {version ? (
        <span className="chip">
          <span className={`dot dot--${color}`} aria-hidden="true" />
          <SafeText text={version} />
          {active && <strong className="deploys__live"> LIVE</strong>}
        </span>
      ) : (
        <span className="muted">—</span>
      )}
    </td>
  );
}
