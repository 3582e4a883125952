import { ABNORMAL_SIGMAS, MIN_ABNORMAL_DROP, MIN_BASELINE_MINUTES, type FunnelComparison, type StepComparison } from '../../../shared/funnel/baseline';
import { overReasonText, type Funnel, type FunnelStep } from '../../../shared/funnel/funnel';
import { SafeText } from '../support/SafeText';
import { formatCount } from './format';

const pct = (ratio: number | undefined) => (ratio === undefined ? '–' : `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`);
const name = (step: string) => step.replaceAll('_', ' ');

/** What "abnormal" means here, in the words the panel's help shows. */
export const ABNORMAL_HELP =
  `A step is highlighted only when it is abnormal: its conversion over this window is below the mean minus ${ABNORMAL_SIGMAS} standard deviations ` +
  `of that step's per-minute conversions in the same window a week earlier, and at least ${MIN_ABNORMAL_DROP * 100} percentage points below that mean ` +
  `(steps with fewer than ${MIN_BASELINE_MINUTES} baseline minutes are not judged).`;

/** "unlock success 48% vs 96% ± 1.2 a week ago": a step now against its baseline's mean and σ (in points). */
export function comparisonWords(step: FunnelStep, cmp: StepComparison): string {
  const base = cmp.baseline;
  if (!base) return `${name(step.step)} ${pct(step.conversion)}, no week-earlier data for this step`;
  return `${name(step.step)} ${pct(step.conversion)} vs ${pct(base.mean)} ± ${(base.sd * 100).toFixed(1)} a week ago`;
}

/** A conversion for display: capped at 100% when over, the reason beside it. */
function Conversion({ step, previous }: { step: FunnelStep; previous: FunnelStep | undefined }) {
  if (step.conversion === undefined || !step.over || !previous) return <>{pct(step.conversion)}</>;
  const reason = overReasonText(step.over, step.step, previous.step);
  return (
    <span className={`funnel__over funnel__over--${step.over}`} title={`${pct(step.conversion)} — ${reason}`} data-testid="funnel-over">
      100%<sup>+</sup>
      <span className="funnel__over-reason">
        {pct(step.conversion)} · {step.over === 'outlasts-window' ? 'rides begun before the window' : 'counting mismatch'}
      </span>
    </span>
  );
}

export interface FunnelViewProps {
  funnel: Funnel;
  /** The same window a week earlier; undefined when the panel has no baseline target. */
  baseline?: Funnel;
  comparison?: FunnelComparison;
  /** "last 30 min, 14:02–14:32 local". */
  window: string;
}

/**
 * The funnel over a stated window beside the same window a week earlier. Only an
 * abnormal step (ABNORMAL_HELP) is highlighted, with its numbers in words.
 */
export function FunnelView({ funnel, baseline, comparison, window }: FunnelViewProps) {
  const top = Math.max(1, ...funnel.steps.map((s) => s.count), ...(baseline?.steps.map((s) => s.count) ?? []));
  const compared = comparison?.kind === 'compared' ? comparison : undefined;
  const worst = compared?.worstAbnormalIndex;
  const abnormal = compared ? compared.steps.flatMap((c, i) => (c.abnormal && funnel.steps[i] ? [comparisonWords(funnel.steps[i], c)] : [])) : [];
  return (
    <div className={`funnel${baseline ? ' funnel--compare' : ''}`} data-testid="funnel">
      <div className="funnel__window" data-testid="funnel-window" title={baseline ? ABNORMAL_HELP : undefined}>
        Counts over the {window}
        {baseline && <span className="funnel__vs">, beside the same window a week earlier</span>}
      </div>
      <div className="funnel__head" aria-hidden="true">
        <span>step</span>
        <span>this window</span>
        <span />
        <span>conv.</span>
        {baseline && <span>a week earlier</span>}
      </div>
      <ol className="funnel__steps">
        {funnel.steps.map((step, i) => {
          const cmp = compared?.steps[i];
          const isAbnormal = cmp?.abnormal === true;
          const before = baseline?.steps[i];
          return (
            <li
              key={step.step}
              className={`funnel__step${isAbnormal ? ' funnel__step--worst' : ''}`}
              data-testid="funnel-step"
              data-step={step.step}
              data-abnormal={isAbnormal || undefined}
              title={isAbnormal && cmp ? comparisonWords(step, cmp) : undefined}
            >
              <span className="funnel__name">
                <SafeText text={name(step.step)} />
              </span>
              <span className="funnel__bar-track">
                <span className="funnel__bar" style={{ width: `${(step.count / top) * 100}%` }} />
              </span>
              <span className="funnel__count">{step.present ? formatCount(step.count) : 'no data'}</span>
              <span className="funnel__conv" title="conversion from the step above, over this window">
                {i === 0 ? '' : <Conversion step={step} previous={funnel.steps[i - 1]} />}
                {isAbnormal && <span className="funnel__worst-tag">{i === worst ? 'biggest abnormal drop' : 'abnormal drop'}</span>}
              </span>
              {baseline && (
                <span
                  className="funnel__week"
                  data-testid="funnel-week"
                  title={cmp?.baseline ? `a week earlier: per-minute conversion ${pct(cmp.baseline.mean)} ± ${(cmp.baseline.sd * 100).toFixed(1)} points over ${cmp.baseline.minutes} minutes` : 'the same window a week earlier'}
                >
                  {before?.present ? formatCount(before.count) : 'no data'}
                  {i > 0 && before && (
                    <>
                      {' · '}
                      <Conversion step={before} previous={baseline.steps[i - 1]} />
                    </>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <div className="funnel__overall" data-testid="funnel-overall">
        Overall conversion <strong>{pct(funnel.overall)}</strong>
        {baseline && <span className="funnel__vs"> (a week earlier {pct(baseline.overall)})</span>}
      </div>
      {comparison?.kind === 'no-baseline' && (
        <div className="funnel__verdict" data-testid="funnel-verdict">
          No week-earlier data to compare, so no step is judged abnormal.
        </div>
      )}
      {compared && (
        <div className="funnel__verdict" data-testid="funnel-verdict" title={ABNORMAL_HELP}>
          {abnormal.length === 0 ? `No step is abnormal against a week earlier (below its mean − ${ABNORMAL_SIGMAS}σ and ${MIN_ABNORMAL_DROP * 100} points under).` : `Abnormal: ${abnormal.join('; ')}.`}
        </div>
      )}
    </div>
  );
}
