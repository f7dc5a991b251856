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
  if (framework) {
    // The control's fix names props of the resource, which aws-cdk-lib sets, not the app.
    const parts = [`[${id}] ${what}`, whyItMatters(finding)];
    parts.push(`aws-cdk-lib added this resource by itself (${framework.kind}, ${framework.scopePath}), so this is a warning, never a synth error. ${framework.risk}`);
    parts.push(`What to do: ${frameworkAction(framework, [id])}`);
    return `${parts.join(' ')} (${id})`;
  }
  return `[${id}] ${what} ${advice(finding, id)}`;
}

/** Why a control matters: its rationale, else the Security Rule sections it cites. */
function whyItMatters(finding: HipaaFinding): string {
  const rationale = RATIONALES.get(finding.controlId);
  const why = rationale
    ? sentence(rationale)
    : `45 CFR ${finding.citations.map((c) => `${c} (${sectionName(c)})`).join(' and ')} ${finding.citations.length > 1 ? 'ask' : 'asks'} for it.`;
  return `Why it matters for PHI: ${why}`;
}

/** What follows the problem in a message on the app's own resource: the same for every finding of a control. */
const ADVICE = new Map<string, string>();

function advice(finding: HipaaFinding, id: string): string {
  const key = `${finding.controlId}\u0000${finding.fix}\u0000${finding.citations.join(',')}`;
  let text = ADVICE.get(key);
  if (text === undefined) {
    // The CDK CLI names the rule of an annotation by a trailing `(<namespace>::<id>)` (or an
    // `[ack: <id>]`) and prints "Acknowledge with '<id>'"; without one it offers
    // 'Annotation::warning-annotation', which does not clear the finding.
    text = [
      whyItMatters(finding),
      `Fix: ${sentence(finding.fix)}`,
      `If this is a reviewed decision, acknowledge it on the resource or an ancestor: Validations.of(construct).acknowledge({ id: '${id}', reason: '...' }).`,
    ].join(' ') + ` (${id})`;
    ADVICE.set(key, text);
  }
  return text;
}

/** `text` with a capital first letter and a final full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (t.length === 0) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
