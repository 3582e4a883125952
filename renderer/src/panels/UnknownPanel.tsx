import { PanelFrame, type PanelProps } from './PanelFrame';
import { SafeText } from '../support/SafeText';

/** A dashboard from a newer build may name a kind this one does not know: say so, keep going. */
export function UnknownPanel({ panel }: PanelProps) {
  return (
    <PanelFrame panel={panel}>
      <div className="panel-message panel-message--error" data-testid="panel-unknown">
        Unknown panel kind “<SafeText text={panel.kind} />”. This version of Lockstep cannot draw it.
      </div>
    </PanelFrame>
  );
}
