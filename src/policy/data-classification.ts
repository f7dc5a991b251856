import { IConstruct } from 'constructs';
import { isMeaningfulReason, MIN_REASON_LENGTH } from './acknowledgements';

/** What the resources under a construct hold, as far as HIPAA is concerned. */
export enum HipaaDataClassification {
  /**
   * They hold or may hold PHI: every control applies. This is what every resource is until
   * classified otherwise; classify a subtree of a NO_PHI scope as PHI to bring it back in.
   */
  PHI = 'PHI',
  /**
   * They hold no PHI, by a decision recorded with a reason: the controls that protect stored PHI
   * (customer-managed keys, six-year retention, data protection policies of log groups) no longer
   * fail on them; their findings are reported as acknowledged, with the reason. Controls on access,
   * transit and audit still apply.
   */
  NO_PHI = 'NO_PHI',
}

/** A classification recorded on a construct or one of its ancestors. */
export interface FoundClassification {
  readonly classification: HipaaDataClassification;
  readonly reason: string;
  /** Construct path where it was recorded. */
  readonly path: string;
}

/** The metadata entry a classification is recorded in; the cloud assembly keeps it with the construct's path. */
export const DATA_CLASSIFICATION_METADATA = 'cdk_hipaa:data-classification';

/**
 * Records what the resources under a construct hold, once for a whole subtree: for example that
 * the log groups of a set of functions carry no PHI.
 *
 * @example
 * HipaaData.of(thumbnailService).classify(HipaaDataClassification.NO_PHI,
 *   'Resizes public marketing images; never receives patient data');
 */
export class HipaaData {
  /** The data classification of `scope` and everything under it. */
  public static of(scope: IConstruct): HipaaData {
    return new HipaaData(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Classifies everything under the scope. The nearest classification wins: a construct classified
   * PHI under a scope classified NO_PHI holds PHI again.
   *
   * @param classification what the resources hold
   * @param reason why; required (at least 10 characters) for NO_PHI, since it is what an auditor reads
   * @throws when NO_PHI comes without a reason, or the scope was already classified differently
   */
  public classify(classification: HipaaDataClassification, reason?: string): void {
    if (classification === HipaaDataClassification.NO_PHI && !isMeaningfulReason(reason)) {
      throw new Error(`HipaaData.of('${this.scope.node.path}').classify(NO_PHI) needs a reason of at least ${MIN_REASON_LENGTH} characters: `
        + 'it tells an auditor why the controls that protect stored PHI do not apply here.');
    }
    const existing = recordedOn(this.scope);
    if (existing) {
      if (existing.classification === classification) return;
      throw new Error(`'${this.scope.node.path}' is already classified ${existing.classification}; a scope has one classification.`);
    }
    this.scope.node.addMetadata(DATA_CLASSIFICATION_METADATA, { classification, reason: reason ?? '' }, { stackTrace: false });
  }

  /**
   * The classification that applies to the scope: its own or its nearest classified ancestor's.
   *
   * @returns HipaaDataClassification.PHI when nothing above it was classified
   */
  public get classification(): HipaaDataClassification {
    return findClassification(this.scope)?.classification ?? HipaaDataClassification.PHI;
  }
}

function recordedOn(construct: IConstruct): FoundClassification | undefined {
  for (const entry of construct.node.metadata) {
    if (entry.type !== DATA_CLASSIFICATION_METADATA) continue;
    const data = entry.data as { classification: HipaaDataClassification; reason: string };
    return { classification: data.classification, reason: data.reason, path: construct.node.path };
  }
  return undefined;
}

/** The nearest classification recorded on `construct` or its ancestors. */
export function findClassification(construct: IConstruct): FoundClassification | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = recordedOn(scopes[i]);
    if (found) return found;
  }
  return undefined;
}
