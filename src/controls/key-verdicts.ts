import { fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { dig, keyKind, UNKNOWN } from './values';

/**
 * Classifies the key at `keyPath` of a resource that is encrypted, as a verdict:
 * customer-managed → PASS; AWS-managed or absent → FAIL; unresolvable → UNVERIFIABLE.
 *
 * @param absentMeans what an absent key means, for the message (e.g. 'the AWS-managed aws/s3 key')
 */
export function customerKeyVerdict(
  r: RenderedResource, index: ResourceIndex, keyPath: Array<string | number>, absentMeans: string,
): Verdict {
  const value = dig(r.properties, ...keyPath);
  const kind = keyKind(value, r, index);
  switch (kind) {
    case 'customer': return pass();
    case 'aws-managed': return fail(`${keyPath.join('.')} names an AWS-managed key (${JSON.stringify(value)}); its policy cannot be restricted or audited like a customer-managed key's.`);
    case 'none': return fail(`${keyPath.join('.')} is not set, so ${absentMeans} is used; PHI needs a customer-managed key whose policy you control.`);
    case UNKNOWN: return unverifiable(`${keyPath.join('.')} is ${JSON.stringify(value)}, which cannot be resolved at synth.`);
  }
  return notApplicable();
}
