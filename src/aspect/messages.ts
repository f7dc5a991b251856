import { HipaaFinding, HipaaFindingStatus } from './findings';
import { FrameworkResource, frameworkAction } from './framework-resources';
import { sectionName } from './report';
import { CATALOG } from '../controls/catalog';
import { qualifiedControlId } from '../policy/acknowledgements';

const RATIONALES = new Map(CATALOG.map((c) => [c.id, c.rationale]));

/**
 * The annotation of a finding, as sentences a person acts on: what is wrong, why it matters for
 * PHI (the control's rationale, else the Security Rule sections it cites), the fix, and the
 * acknowledgement that clears it.
 */
export function findingMessage(finding: HipaaFinding, framework?: FrameworkResource): string {
  const id = qualifiedControlId(finding.controlId);
  const problem = sentence(finding.message ?? finding.title);
  const what = finding.status === HipaaFindingStatus.UNVERIFIABLE ? `Cannot be verified at synth: ${problem}` : problem;
  const rationale = RATIONALES.get(finding.controlId);
  const why = rationale
    ? sentence(rationale)
    : `45 CFR ${finding.citations.map((c) => `${c} (${sectionName(c)})`).join(' and ')} ${finding.citations.length > 1 ? 'ask' : 'asks'} for it.`;
  const parts = [`[${id}] ${what}`, `Why it matters for PHI: ${why}`];
  if (framework) {
    // The control's fix names props of the resource, which aws-cdk-lib sets, not the app.
    parts.push(`aws-cdk-lib added this resource by itself (${framework.kind}, ${framework.scopePath}), so this is a warning, never a synth error. ${framework.risk}`);
    parts.push(`What to do: ${frameworkAction(framework, [id])}`);
  } else {
    parts.push(`Fix: ${sentence(finding.fix)}`);
    parts.push(`If this is a reviewed decision, acknowledge it on the resource or an ancestor: Validations.of(construct).acknowledge({ id: '${id}', reason: '...' }).`);
  }
  // The CDK CLI names the rule of an annotation by a trailing `(<namespace>::<id>)` (or an
  // `[ack: <id>]`) and prints "Acknowledge with '<id>'"; without one it offers
  // 'Annotation::warning-annotation', which does not clear the finding.
  return `${parts.join(' ')} (${id})`;
}

/** `text` with a capital first letter and a final full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (t.length === 0) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
