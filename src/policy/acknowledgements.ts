import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The validation namespace of this library's control ids: `CdkHipaa::<controlId>`. */
export const CONTROL_NAMESPACE = 'CdkHipaa';

/** The namespace cdk-nag 3's HIPAA pack reports under. */
export const NAG_HIPAA_NAMESPACE = 'HIPAA.Security';

/** An acknowledgement must say why in at least this many characters. */
export const MIN_REASON_LENGTH = 10;

/** The fully qualified acknowledgement id of a control, e.g. `CdkHipaa::S3.DefaultEncryptionKms`. */
export function qualifiedControlId(controlId: string): string {
  return `${CONTROL_NAMESPACE}::${controlId}`;
}

/** An acknowledgement found on a construct or one of its ancestors. */
export interface FoundAcknowledgement {
  readonly reason: string;
  /** Construct path where the acknowledgement was made ('' for the app). */
  readonly path: string;
}

/**
 * Finds the nearest acknowledgement of `qualifiedId` recorded with
 * `Validations.of(x).acknowledge()` on `construct` or any of its ancestors.
 */
export function findAcknowledgement(construct: IConstruct, qualifiedId: string): FoundAcknowledgement | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      const data = entry.data as Record<string, string> | undefined;
      if (data && Object.prototype.hasOwnProperty.call(data, qualifiedId)) {
        return { reason: String(data[qualifiedId] ?? ''), path: scope.node.path };
      }
    }
  }
  return undefined;
}

/** True when the reason says something: not empty and not trivially short. */
export function isMeaningfulReason(reason: string | undefined): boolean {
  return (reason ?? '').trim().length >= MIN_REASON_LENGTH;
}

/**
 * Acknowledges a cdk-nag HIPAA Security rule on a construct, for a setting the
 * construct makes deliberately. Every such acknowledgement is listed in the README.
 */
export function acknowledgeNagRule(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${NAG_HIPAA_NAMESPACE}::${NAG_HIPAA_NAMESPACE}-${rule}`, reason });
}
