/**
 * The shapes the deploy-readiness checks work on: a synthesized CloudFormation template with
 * where and after what it deploys, and one problem a check found in it.
 */

/** One stack's template as CloudFormation will receive it. */
export interface DeployTemplate {
  /** The stack's name in CloudFormation (`stack.stackName`). */
  readonly stackName: string;
  /** The template JSON (`Resources`, `Parameters`, ...). */
  readonly template: any;
  /** The target account, when the stack has a concrete one. */
  readonly account?: string;
  /** The target region, when the stack has a concrete one. */
  readonly region?: string;
  /** Names of the stacks this one deploys after (CDK stack dependencies). */
  readonly dependencies?: string[];
}

/** A hazard that would make `cdk deploy` fail (or alerts never arrive) in a fresh account. */
export interface DeployProblem {
  /** The rule's stable id, e.g. `ConfigRuleNeedsRecorder`. */
  readonly rule: string;
  /** The stack the resource is in. */
  readonly stack: string;
  /** The resource's logical id in that stack. */
  readonly logicalId: string;
  /** What goes wrong and what to do about it. */
  readonly message: string;
}

/** A check: pure, reads `t` (and `all`, the templates deployed alongside it), reports problems. */
export type DeployRule = (t: DeployTemplate, all: DeployTemplate[]) => DeployProblem[];
