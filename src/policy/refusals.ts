import { IConstruct } from 'constructs';
import { findAcknowledgement, isMeaningfulReason, MIN_REASON_LENGTH, qualifiedControlId } from './acknowledgements';

/** What a refusal takes from the catalog control it protects. */
export interface RefusedControl {
  /** The control's id; `CdkHipaa::<id>` is the acknowledgement id, the same one the aspect honours. */
  readonly id: string;
  /** The 45 CFR sections the control evidences. */
  readonly citations: readonly string[];
  /** Why HIPAA asks for what the control checks. */
  readonly rationale?: string;
}

/** A prop value that would weaken compliance. */
export interface Weakening {
  /** The catalog control the weaker value breaks (from `catalogControl(id)`). */
  readonly control: RefusedControl;
  /** The prop's name, as users write it. */
  readonly prop: string;
  /** The offending value, as users would recognise it. */
  readonly value: string;
  /** What is particular to this construct or value, said before the control's rationale. */
  readonly detail?: string;
}

/**
 * Refuses a weakening prop at synth, in the name of a catalog control, unless it is acknowledged
 * with a reason (`Validations.of(scope).acknowledge({ id: 'CdkHipaa::<control id>', reason })`) on
 * the construct or any ancestor. The message takes the control's rationale and citations; the same
 * acknowledgement clears the aspect's finding for that control, so one decision is acknowledged once.
 *
 * The check runs at synth (not in the constructor) so that users can acknowledge after
 * constructing; every refusal of one construct is reported at once.
 */
export function refuseUnlessAcknowledged(construct: IConstruct, weakening: Weakening): void {
  const { control } = weakening;
  if (!control.rationale) throw new Error(`The catalog control ${control.id} has no rationale, so it cannot explain a refusal.`);
  const rationale = control.rationale.replace(/\.$/, '');
  const reason = `${weakening.detail ? `${weakening.detail} ` : ''}${rationale} (45 CFR ${control.citations.join(', ')}).`;
  construct.node.addValidation({
    validate: () => {
      const id = qualifiedControlId(control.id);
      const ack = findAcknowledgement(construct, id);
      if (ack && isMeaningfulReason(ack.reason)) return [];
      const base = `${weakening.prop}: ${weakening.value} is refused. ${reason}`;
      if (ack) {
        return [`${base} The acknowledgement of ${id} at '${ack.path || '(app)'}' needs a reason of at least ${MIN_REASON_LENGTH} characters.`];
      }
      return [`${base} To accept the risk, call Validations.of(scope).acknowledge({ id: '${id}', reason: '...' }).`];
    },
  });
}
