import { HipaaSeverity } from '../controls/severity';

/** The status of one control on one resource. */
export enum HipaaFindingStatus {
  /** The resource meets the control. */
  PASS = 'PASS',
  /** The resource does not meet the control. */
  FAIL = 'FAIL',
  /** The resource does not meet the control, and someone acknowledged it with a reason. */
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** The value that decides cannot be known at synth (a parameter, an import, a condition). */
  UNVERIFIABLE = 'UNVERIFIABLE',
}

/** One control evaluated on one resource. */
export interface HipaaFinding {
  /** The control's id. */
  readonly controlId: string;
  /** The control's title. */
  readonly title: string;
  /** 45 CFR sections the control evidences. */
  readonly citations: string[];
  /** The control's severity. */
  readonly severity: HipaaSeverity;
  /** The outcome. */
  readonly status: HipaaFindingStatus;
  /** The stack's artifact id (top-level stack for nested stacks' resources is the nested stack itself). */
  readonly stackId: string;
  /** Construct path of the resource. */
  readonly constructPath: string;
  /** Logical id of the resource in its template. */
  readonly logicalId: string;
  /** CloudFormation type of the resource. */
  readonly resourceType: string;
  /**
   * What is wrong (FAIL, ACKNOWLEDGED, UNVERIFIABLE).
   *
   * @default - none for PASS
   */
  readonly message?: string;
  /** How to comply. */
  readonly fix: string;
  /**
   * The acknowledgement's reason (ACKNOWLEDGED).
   *
   * @default - not acknowledged
   */
  readonly acknowledgedReason?: string;
  /**
   * Construct path where the acknowledgement was made (ACKNOWLEDGED).
   *
   * @default - not acknowledged
   */
  readonly acknowledgedAt?: string;
}
