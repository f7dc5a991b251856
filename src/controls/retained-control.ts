import { Control, fail, pass } from './control';
import { HipaaSeverity } from './severity';

/** Deletion policies that keep data when the resource leaves the stack or is replaced. */
const KEEPS_DATA = new Set(['Retain', 'RetainExceptOnCreate']);
const KEEPS_DATA_OR_SNAPSHOT = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export interface RetainedControlOptions {
  readonly id: string;
  readonly resourceTypes: readonly string[];
  /** What is kept, for the title, e.g. 'S3 bucket'. */
  readonly what: string;
  /** Whether `Snapshot` counts as keeping the data. */
  readonly snapshotKeepsData?: boolean;
  /** The sections it evidences, when more than data backup (e.g. six-year retention of evidence). */
  readonly citations?: readonly string[];
  /** Whether resources classified as holding no PHI are out of its scope (see Control.protectsStoredPhi). */
  readonly protectsStoredPhi?: boolean;
}

/**
 * A stateful PHI store is not deleted with its stack.
 *
 * - given DeletionPolicy Retain or RetainExceptOnCreate and UpdateReplacePolicy Retain (or Snapshot where supported), then PASS
 * - given either absent (CloudFormation's default is Delete) or Delete, then FAIL
 */
export function retainedControl(options: RetainedControlOptions): Control {
  const allowed = options.snapshotKeepsData ? KEEPS_DATA_OR_SNAPSHOT : KEEPS_DATA;
  const expected = options.snapshotKeepsData ? 'Retain (RetainExceptOnCreate) or Snapshot' : 'Retain (RetainExceptOnCreate)';
  return {
    id: options.id,
    title: `${options.what} is kept when its stack is deleted or it is replaced`,
    resourceTypes: options.resourceTypes,
    citations: options.citations ?? ['164.308(a)(7)(ii)(A)'],
    ...(options.protectsStoredPhi ? { protectsStoredPhi: true } : {}),
    severity: HipaaSeverity.ERROR,
    rationale: `Deleting the ${options.what} with its stack, or when it is replaced, loses the PHI or audit evidence it holds, with no copy to restore from.`,
    fix: `Set removalPolicy to RETAIN_ON_UPDATE_OR_DELETE${options.snapshotKeepsData ? ' or SNAPSHOT' : ''}: the data is kept on update and delete, and a failed first create leaves nothing behind.`,
    check: (r) => {
      const deletion = r.deletionPolicy ?? 'Delete';
      const replace = r.updateReplacePolicy ?? 'Delete';
      if (allowed.has(deletion) && allowed.has(replace)) return pass();
      return fail(`DeletionPolicy is ${deletion} and UpdateReplacePolicy is ${replace}; both must be ${expected}.`);
    },
  };
}
