import { IConstruct } from 'constructs';
import { findAcknowledgement, isMeaningfulReason, MIN_REASON_LENGTH, qualifiedControlId } from './acknowledgements';

/** A prop value that would weaken compliance. */
export interface Weakening {
  /** The control the weaker value breaks; its id is also the acknowledgement id. */
  readonly controlId: string;
  /** The prop's name, as users write it. */
  readonly prop: string;
  /** The offending value, as users would recognise it. */
  readonly value: string;
  /** Why HIPAA asks otherwise, with the citation. */
  readonly reason: string;
}

/**
 * Refuses a weakening prop at synth unless it is acknowledged with a reason
 * (`Validations.of(scope).acknowledge({ id: 'CdkHipaa::<controlId>', reason })`)
 * on the construct or any ancestor.
 *
 * The check runs at synth (not in the constructor) so that users can acknowledge
 * after constructing; every refusal of one construct is reported at once.
 */
export function refuseUnlessAcknowledged(construct: IConstruct, weakening: Weakening): void {
  construct.node.addValidation({
    validate: () => {
      const id = qualifiedControlId(weakening.controlId);
      const ack = findAcknowledgement(construct, id);
      if (ack && isMeaningfulReason(ack.reason)) return [];
      const base = `${weakening.prop}: ${weakening.value} is refused. ${weakening.reason}`;
      if (ack) {
        return [`${base} The acknowledgement of ${id} at '${ack.path || '(app)'}' needs a reason of at least ${MIN_REASON_LENGTH} characters.`];
      }
      return [`${base} To accept the risk, call Validations.of(scope).acknowledge({ id: '${id}', reason: '...' }).`];
    },
  });
}
