/**
 * CloudFormation StackSets: what a StackSet's inline template needs to deploy in member accounts.
 */
import { indexOf, problemsFor } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

/** CreateStackSet / UpdateStackSet: "a maximum length of 51,200 bytes" for TemplateBody. */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

/** Names the CDK's bootstrap stack gives its bucket, repository, roles and version parameter. */
const BOOTSTRAP_MARKERS = ['cdk-bootstrap', 'cdk-hnb659fds', '/cdk-bootstrap/', 'AssetParameters'];

/** IAM resource properties that name the resource, which makes CAPABILITY_NAMED_IAM necessary. */
const IAM_NAME_PROPERTIES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/**
 * `StackSetTemplateBody`: a StackSet's inline template deploys as is in accounts that were never
 * bootstrapped for the CDK, and the StackSet is accepted by CloudFormation.
 *
 * - StackSet instances have no CDK bootstrap: no staging bucket for file assets, no
 *   `/cdk-bootstrap/<qualifier>/version` parameter (the `CheckBootstrapVersion` rule and the
 *   `BootstrapVersion` parameter read it), no exports of another stack for `Fn::ImportValue`.
 * - CloudFormation accepts at most 51,200 bytes as `TemplateBody` (CreateStackSet API reference).
 * - `AutoDeployment.RetainStacksOnAccountRemoval` is required when auto-deployment is enabled
 *   (AWS::CloudFormation::StackSet AutoDeployment: "Required: Conditional", "Specify only if Enabled is True").
 * - A template with IAM resources needs `CAPABILITY_IAM`, with named ones `CAPABILITY_NAMED_IAM`
 *   (InsufficientCapabilities otherwise).
 *
 * Sources: CloudFormation API reference, CreateStackSet (TemplateBody) —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html ;
 * AWS::CloudFormation::StackSet AutoDeployment —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudformation-stackset-autodeployment.html ;
 * DeploymentTargets (StackSets never deploy to the management account) —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 *
 * Scenarios:
 * - PASS: a TemplateBody string within the size limit, without bootstrap or asset references or imports;
 *   a StackSet with TemplateURL only (the template is read from S3, not checked here).
 * - FAIL: TemplateBody that is not a literal string (cannot be checked at synth).
 * - FAIL: TemplateBody over 51,200 bytes.
 * - FAIL: TemplateBody with a `CheckBootstrapVersion` rule, a `BootstrapVersion` parameter, a bootstrap
 *   bucket / role / parameter name, or `Fn::ImportValue`.
 * - FAIL: AutoDeployment enabled without RetainStacksOnAccountRemoval.
 * - FAIL: IAM resources without CAPABILITY_IAM / CAPABILITY_NAMED_IAM; named IAM resources without CAPABILITY_NAMED_IAM.
 */
export function stackSetTemplateBody(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('StackSetTemplateBody', t);
  const problems: DeployProblem[] = [];
  for (const id of index.ofType('AWS::CloudFormation::StackSet')) {
    const props = index.resources[id].Properties ?? {};
    const auto = props.AutoDeployment;
    if (auto?.Enabled === true && auto.RetainStacksOnAccountRemoval === undefined) {
      problems.push(problem(id, 'AutoDeployment is enabled without RetainStacksOnAccountRemoval, which CloudFormation then requires: '
        + 'say whether an account leaving the target OUs keeps its stack.'));
    }
    const body = props.TemplateBody;
    if (body === undefined) continue;
    if (typeof body !== 'string') {
      problems.push(problem(id, 'TemplateBody is not a literal string, so its size and contents cannot be checked before deployment.'));
      continue;
    }
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > TEMPLATE_BODY_MAX_BYTES) {
      problems.push(problem(id, `TemplateBody is ${bytes} bytes; CloudFormation accepts at most ${TEMPLATE_BODY_MAX_BYTES} (use TemplateURL or a smaller template).`));
    }
    for (const marker of BOOTSTRAP_MARKERS.filter((m) => body.includes(m))) {
      problems.push(problem(id, `TemplateBody refers to '${marker}': member accounts of a StackSet have no CDK bootstrap resources or assets.`));
    }
    let inner: any;
    try {
      inner = JSON.parse(body);
    } catch {
      continue; // YAML bodies: the marker checks above still apply.
    }
    if (inner?.Rules?.CheckBootstrapVersion || inner?.Parameters?.BootstrapVersion) {
      problems.push(problem(id, 'TemplateBody checks the CDK bootstrap version; member accounts of a StackSet are not bootstrapped.'));
    }
    if (body.includes('"Fn::ImportValue"')) {
      problems.push(problem(id, 'TemplateBody uses Fn::ImportValue: exports are per account and region, and member accounts have none.'));
    }
    problems.push(...capabilityProblems(id, props.Capabilities, inner, problem));
  }
  return problems;
}

function capabilityProblems(id: string, capabilities: unknown, inner: any, problem: (id: string, message: string) => DeployProblem): DeployProblem[] {
  const caps = Array.isArray(capabilities) ? capabilities : [];
  const resources = Object.values<any>(inner?.Resources ?? {});
  const iam = resources.filter((r) => typeof r?.Type === 'string' && r.Type.startsWith('AWS::IAM::'));
  if (iam.length === 0) return [];
  const named = iam.some((r) => IAM_NAME_PROPERTIES[r.Type] && r.Properties?.[IAM_NAME_PROPERTIES[r.Type]] !== undefined);
  if (named && !caps.includes('CAPABILITY_NAMED_IAM')) {
    return [problem(id, 'TemplateBody creates named IAM resources; the StackSet needs Capabilities CAPABILITY_NAMED_IAM.')];
  }
  if (!caps.includes('CAPABILITY_IAM') && !caps.includes('CAPABILITY_NAMED_IAM')) {
    return [problem(id, 'TemplateBody creates IAM resources; the StackSet needs Capabilities CAPABILITY_IAM.')];
  }
  return [];
}

/**
 * The inline templates of `t`'s StackSets as templates of their own (account and region unknown:
 * every member account), so that every other deploy-readiness rule checks them too.
 */
export function stackSetTemplates(t: DeployTemplate): DeployTemplate[] {
  const index = indexOf(t);
  const out: DeployTemplate[] = [];
  for (const id of index.ofType('AWS::CloudFormation::StackSet')) {
    const body = index.resources[id].Properties?.TemplateBody;
    if (typeof body !== 'string') continue;
    try {
      out.push({ stackName: `${t.stackName}/${id}`, template: JSON.parse(body) });
    } catch {
      // YAML: not read here.
    }
  }
  return out;
}
