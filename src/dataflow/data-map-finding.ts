import { HipaaSeverity } from '../controls/severity';

/** The verdict of a data map finding on one store or flow. */
export enum DataMapFindingStatus {
  /** What the map reads complies. */
  PASS = 'PASS',
  /** What the map reads does not comply. */
  FAIL = 'FAIL',
  /** The answer depends on a value synth cannot resolve (a parameter, an import, a resource outside the templates). */
  UNVERIFIABLE = 'UNVERIFIABLE',
}

/**
 * One verdict of a check over the whole data map (a PHI store reachable from the internet, read
 * from another account, reached by an unencrypted flow, or not classified): what no single
 * resource's control can decide. Advisory: HipaaAspect writes them into the map's files and never
 * fails synth on them.
 */
export interface DataMapFinding {
  /** Stable id `DataMap.<Name>`. */
  readonly id: string;
  /** What complies, as a statement. */
  readonly title: string;
  readonly status: DataMapFindingStatus;
  /** The node the verdict is about (`<stack>/<logical id>` for a resource of the app, else the node's id in the map). */
  readonly resource: string;
  /**
   * The node ids the verdict follows: from the internet to the store, or the two ends of a flow.
   *
   * @default - the verdict is about the resource alone
   */
  readonly path?: string[];
  /** Why, in a sentence naming what the map read. */
  readonly message: string;
  /** 45 CFR sections, e.g. `164.312(a)(1)`. */
  readonly citations: string[];
  readonly severity: HipaaSeverity;
  /** How to comply, in one sentence. */
  readonly fix: string;
}
