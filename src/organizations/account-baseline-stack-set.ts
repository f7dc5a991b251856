import * as path from 'path';
import { App, Aspects, IAspect, Lazy, Names, Stage, Token, Validations } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { AccountBaselineOptions, AccountBaselineStack } from './account-baseline-stack';
import { qualifiedControlId } from '../policy/acknowledgements';

/**
 * The largest template CloudFormation accepts inline as a StackSet's `TemplateBody`, in bytes
 * (CreateStackSet / UpdateStackSet API reference: "maximum length of 51,200 bytes").
 */
const STACK_SET_TEMPLATE_BODY_MAX_BYTES = 51_200;

/** Why the StackSet's inline template needs no check of its own (General.DeployedTemplateChecked). */
const BASELINE_CHECKED_REASON = 'The StackSet deploys the AccountBaselineStack this construct synthesizes as a cloud assembly of its own '
  + '(stack-set.<id>/ in this one): HipaaAspect applied here or above checks that baseline there, and npx cdk-hipaa check '
  + 'cdk.out/stack-set.<id> checks it from the command line.';

/** How the StackSet is deployed unless told otherwise. */
const STACK_SET_DEFAULTS = {
  callAs: 'SELF',
  retainStacksOnAccountRemoval: true,
  failureToleranceCount: 0,
  maxConcurrentPercentage: 25,
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  regionConcurrencyType: 'PARALLEL',
} as const;

/** What AWS Organizations names a root (`r-...`) or an organizational unit (`ou-...`). */
const OU_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** What CloudFormation accepts as a StackSet name. */
const STACK_SET_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/;

/** Which account the StackSet is administered from. */
export enum StackSetCallAs {
  /** From the organization's management account. */
  SELF = 'SELF',
  /** From a member account registered as a delegated administrator for CloudFormation StackSets. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/** Properties of an {@link AccountBaselineStackSet}. */
export interface AccountBaselineStackSetProps extends AccountBaselineOptions {
  /**
   * The organization root (`r-...`) or organizational units (`ou-...`) whose accounts get the
   * baseline, now and when they join later. StackSets never deploys to the management account,
   * even when it sits under a target.
   */
  readonly organizationalUnitIds: string[];

  /**
   * The regions every target account gets the baseline in. EBS encryption by default and the
   * Config rules are regional; the account-wide settings are made in `globalResourcesRegion`
   * (here by default the first of these regions; it must be one of them).
   */
  readonly regions: string[];

  /**
   * Whether the stack deploying this StackSet runs in the management account or in a delegated
   * StackSets administrator account.
   *
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;

  /**
   * The StackSet's name, unique per region of the administrator account.
   *
   * @default - derived from the construct path
   */
  readonly stackSetName?: string;

  /**
   * When an account leaves the target OUs (moved, or leaving the organization), keep its
   * baseline stack. The default keeps it: the account goes on reporting access-key age and
   * password policy drift and keeps its keys and six-year logs, until someone decides otherwise;
   * the stack is then no longer managed by the StackSet. With false, the StackSet deletes the
   * stack (its keys and log group are retained by their removal policy, the account settings
   * stay in force, the Config rules go).
   *
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * The share of target accounts, per region, deployed at the same time (1 to 100). Deployment
   * stops in a region at the first failed account (FailureToleranceCount 0); the concurrency
   * mode is SOFT_FAILURE_TOLERANCE, so this share applies although no failure is tolerated.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
}

/**
 * The per-account HIPAA baseline ({@link AccountBaselineStack}) fanned out to every account of
 * organizational units with a service-managed CloudFormation StackSet, with automatic
 * deployment to accounts that join them later.
 *
 * Deploy it in the organization's management account (`callAs: SELF`) or in a delegated
 * StackSets administrator (`callAs: DELEGATED_ADMIN`), after trusted access for CloudFormation
 * StackSets is enabled in AWS Organizations. Member accounts need no CDK bootstrap: the baseline
 * has no assets (its function's code is inline) and goes into the StackSet as `TemplateBody`.
 * Synth fails when the baseline template is larger than 51,200 bytes, uses an asset, imports
 * another stack's export, or reports an error of its own.
 *
 * The baseline stack lives in an App of its own (a StackSet template is not a stack of this
 * app), synthesized when this app is. Aspects applied to this construct or its ancestors, such
 * as HipaaAspect, also visit the baseline (its report lands in this cloud assembly under
 * `stack-set.<id>/`); reach it directly through {@link baselineStack}, e.g. to acknowledge a finding.
 *
 * @example
 * new AccountBaselineStackSet(this, 'Baseline', {
 *   organizationalUnitIds: ['ou-abcd-11111111'],
 *   regions: ['us-east-1', 'us-west-2'],
 * });
 */
export class AccountBaselineStackSet extends Construct {
  /**
   * The largest template CloudFormation accepts inline as a StackSet's `TemplateBody`, in bytes
   * (CreateStackSet API reference); synth fails when the baseline is larger.
   */
  public static readonly TEMPLATE_BODY_MAX_BYTES = STACK_SET_TEMPLATE_BODY_MAX_BYTES;

  /** The baseline every target account gets (in an App of its own). */
  public readonly baselineStack: AccountBaselineStack;
  /** The StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;
  /** The StackSet's name. */
  public readonly stackSetName: string;

  private readonly baselineApp: App;
  private rendered?: { readonly body?: string; readonly errors: string[] };

  constructor(scope: Construct, id: string, props: AccountBaselineStackSetProps) {
    super(scope, id);
    const globalResourcesRegion = props.globalResourcesRegion ?? props.regions[0];
    validateProps(this, props, globalResourcesRegion);

    this.baselineApp = new App({
      outdir: path.join(Stage.of(this)?.outdir ?? '.', `stack-set.${Names.uniqueId(this)}`),
      autoSynth: false,
      analyticsReporting: false,
      builtinCloudFormationValidation: false,
    });
    this.baselineStack = new AccountBaselineStack(this.baselineApp, 'AccountBaseline', {
      ...props,
      globalResourcesRegion,
      description: 'cdk-hipaa per-account HIPAA baseline (deployed by a service-managed StackSet)',
    });

    this.stackSetName = props.stackSetName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }).replace(/^[^a-zA-Z]+/, '');
    const percentage = props.maxConcurrentPercentage ?? STACK_SET_DEFAULTS.maxConcurrentPercentage;
    this.stackSet = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName: this.stackSetName,
      description: 'cdk-hipaa per-account HIPAA baseline: EBS encryption by default, IAM password policy, access-key and Config checks',
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs ?? STACK_SET_DEFAULTS.callAs,
      autoDeployment: {
        enabled: true,
        retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? STACK_SET_DEFAULTS.retainStacksOnAccountRemoval,
      },
      // The baseline creates IAM roles and managed policies (without names).
      capabilities: ['CAPABILITY_IAM'],
      managedExecution: { Active: true },
      operationPreferences: {
        failureToleranceCount: STACK_SET_DEFAULTS.failureToleranceCount,
        maxConcurrentPercentage: percentage,
        concurrencyMode: STACK_SET_DEFAULTS.concurrencyMode,
        regionConcurrencyType: STACK_SET_DEFAULTS.regionConcurrencyType,
      },
      stackInstancesGroup: [{
        deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds },
        regions: props.regions,
      }],
      templateBody: Lazy.string({ produce: () => this.templateBody() }),
    });

    Validations.of(this.stackSet).acknowledge({ id: qualifiedControlId('General.DeployedTemplateChecked'), reason: BASELINE_CHECKED_REASON });
    this.node.addValidation({ validate: () => this.render().errors });
  }

  /**
   * The baseline's template as the StackSet receives it (synthesizes the baseline's App once).
   * Problems with it are reported by this construct's validation, which fails synth with them.
   */
  private templateBody(): string {
    const rendered = this.render();
    if (rendered.body === undefined) {
      throw new Error(`${this.node.path}: the account baseline cannot go into the StackSet: ${rendered.errors.join(' ')}`);
    }
    return rendered.body;
  }

  private render(): { readonly body?: string; readonly errors: string[] } {
    if (this.rendered) return this.rendered;
    this.forwardAspects();
    let assembly: cxapi.CloudAssembly;
    try {
      assembly = this.baselineApp.synth();
    } catch (error) {
      this.rendered = { errors: [`Synthesizing the account baseline failed: ${(error as Error).message}`] };
      return this.rendered;
    }
    const artifact = assembly.getStackArtifact(this.baselineStack.artifactId);
    const errors = artifact.messages
      .filter((m) => m.level === 'error')
      .map((m) => `${m.id}: ${String(m.entry.data)}`);
    const body = JSON.stringify(artifact.template);
    errors.push(...stackSetTemplateProblems(artifact.template, body, artifact.assets.length));
    this.rendered = { body, errors };
    return this.rendered;
  }

  /** Aspects applied to this construct and its ancestors also visit the baseline (a separate tree). */
  private forwardAspects(): void {
    const forwarded = new Set<IAspect>(Aspects.of(this.baselineApp).all);
    for (const scope of this.node.scopes) {
      for (const application of Aspects.of(scope).applied) {
        if (application.construct !== scope || forwarded.has(application.aspect)) continue;
        forwarded.add(application.aspect);
        Aspects.of(this.baselineApp).add(application.aspect, { priority: application.priority });
      }
    }
  }
}

/**
 * What keeps a template from working as a service-managed StackSet's TemplateBody: its size,
 * assets (no bootstrap bucket in member accounts), the bootstrap-version rule, and `Fn::ImportValue`
 * (exports are per account and region, and the member account has none).
 */
function stackSetTemplateProblems(template: any, body: string, assets: number): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > STACK_SET_TEMPLATE_BODY_MAX_BYTES) {
    problems.push(`Its template is ${bytes} bytes; CloudFormation accepts at most ${STACK_SET_TEMPLATE_BODY_MAX_BYTES} bytes as a StackSet TemplateBody. `
      + 'Leave settings out of the baseline or split it into two StackSets.');
  }
  if (assets > 0) problems.push(`It has ${assets} asset(s); StackSet instances in member accounts have no bootstrap bucket to read assets from.`);
  if (template?.Rules?.CheckBootstrapVersion || template?.Parameters?.BootstrapVersion) {
    problems.push('It checks the CDK bootstrap version; member accounts of a StackSet are not bootstrapped.');
  }
  if (body.includes('"Fn::ImportValue"')) problems.push('It imports another stack\'s export (Fn::ImportValue), which member accounts do not have.');
  return problems;
}

function validateProps(scope: Construct, props: AccountBaselineStackSetProps, globalResourcesRegion: string | undefined): void {
  const problems: string[] = [];
  if (props.organizationalUnitIds.length === 0) problems.push('organizationalUnitIds must name at least one root or organizational unit');
  const badOus = props.organizationalUnitIds.filter((id) => !Token.isUnresolved(id) && !OU_ID.test(id));
  if (badOus.length > 0) problems.push(`organizationalUnitIds must be roots (r-...) or organizational units (ou-...): ${badOus.join(', ')}`);
  if (props.regions.length === 0) problems.push('regions must name at least one region');
  const badRegions = props.regions.filter((r) => !Token.isUnresolved(r) && !REGION.test(r));
  if (badRegions.length > 0) problems.push(`regions are not region names: ${badRegions.join(', ')}`);
  if (globalResourcesRegion !== undefined && !props.regions.includes(globalResourcesRegion)) {
    problems.push(`globalResourcesRegion ${globalResourcesRegion} must be one of regions (${props.regions.join(', ')}), or no account gets the password policy`);
  }
  const percentage = props.maxConcurrentPercentage ?? STACK_SET_DEFAULTS.maxConcurrentPercentage;
  if (!Number.isInteger(percentage) || percentage < 1 || percentage > 100) problems.push(`maxConcurrentPercentage must be a whole number from 1 to 100 (got ${percentage})`);
  if (props.stackSetName !== undefined && !Token.isUnresolved(props.stackSetName) && !STACK_SET_NAME.test(props.stackSetName)) {
    problems.push(`stackSetName must start with a letter and hold only letters, digits and hyphens, at most 128 characters (got '${props.stackSetName}')`);
  }
  if (problems.length > 0) throw new Error(`${scope.node.path}: ${problems.join('; ')}.`);
}
