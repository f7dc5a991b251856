import { Annotations, Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { Construct, IConstruct } from 'constructs';

/**
 * Resource metadata on a Config rule whose account and region already record with AWS Config
 * outside this app (read by readers of the template and by the deploy-readiness checks).
 */
export const RECORDER_EXISTS_METADATA = { configRecorder: 'exists' } as const;
/** The metadata key of {@link RECORDER_EXISTS_METADATA}. */
export const CDK_HIPAA_METADATA_KEY = 'cdk_hipaa';

/** A managed AWS Config rule a construct asks for. */
export interface ManagedRuleRequest {
  /** The managed rule identifier, e.g. `config.ManagedRuleIdentifiers.IAM_PASSWORD_POLICY`. */
  readonly identifier: string;
  readonly description: string;
  readonly inputParameters?: Record<string, string>;
  /**
   * The requester decides the rule's parameters (the password policy it sets, the key age it
   * scans for). A rule another construct created first takes this requester's parameters.
   */
  readonly decidesParameters: boolean;
  /** The recorder created beside the rule; the rule is created after it. */
  readonly recorder?: config.CfnConfigurationRecorder;
  /** The user stated that the account and region already record with AWS Config. */
  readonly recorderExists: boolean;
  /** Who asks, for messages: e.g. `AccountPasswordPolicy`. */
  readonly requester: string;
}

interface RegisteredRule {
  readonly rule: config.ManagedRule;
  readonly requesters: string[];
  decidedBy?: { readonly requester: string; readonly parameters: string };
  recorderExists: boolean;
}

/** Rules per account-region (per app), or per stack where the environment is not known at synth. */
const registries = new WeakMap<IConstruct, Map<string, RegisteredRule>>();

/**
 * The managed Config rule `request.identifier` of this account and region: created under `scope`
 * with `id` the first time any construct of the app asks, and shared afterwards, so that one
 * account-region holds each managed rule once.
 *
 * AWS Config rejects a rule while no configuration recorder exists in the account and region
 * (`NoAvailableConfigurationRecorderException`, AWS Config API reference, PutConfigRule). So the
 * rule is created after the recorder given, or after a recorder found in the app for the same
 * account and region at synth (another stack's: that stack deploys first), or carries
 * {@link RECORDER_EXISTS_METADATA} when the user said the account records already. With none of
 * these, synth fails with an error that says what to do.
 */
export function managedConfigRule(scope: Construct, id: string, request: ManagedRuleRequest): config.ManagedRule {
  const stack = Stack.of(scope);
  const envKnown = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  const registryScope: IConstruct = envKnown ? scope.node.root : stack;
  const registry = registries.get(registryScope) ?? new Map<string, RegisteredRule>();
  registries.set(registryScope, registry);
  const key = envKnown ? `${stack.account}/${stack.region}/${request.identifier}` : request.identifier;

  let entry = registry.get(key);
  if (!entry) {
    const rule = new config.ManagedRule(scope, id, {
      identifier: request.identifier,
      description: request.description,
      inputParameters: request.inputParameters,
    });
    entry = { rule, requesters: [], recorderExists: false };
    registry.set(key, entry);
    Aspects.of(rule).add(new WaitForRecorder(rule, entry));
  }
  entry.requesters.push(request.requester);
  entry.recorderExists = entry.recorderExists || request.recorderExists;
  if (request.recorder) entry.rule.node.addDependency(request.recorder);
  if (request.decidesParameters) decideParameters(entry, request);
  return entry.rule;
}

function decideParameters(entry: RegisteredRule, request: ManagedRuleRequest): void {
  const parameters = JSON.stringify(request.inputParameters ?? {});
  if (entry.decidedBy && entry.decidedBy.parameters !== parameters) {
    throw new Error(`${request.requester} and ${entry.decidedBy.requester} both deploy the AWS Config rule ${request.identifier} `
      + `with different parameters (${parameters} and ${entry.decidedBy.parameters}); an account and region holds each managed rule once. `
      + 'Give both the same settings, or set configRule: false on one of them.');
  }
  entry.decidedBy = { requester: request.requester, parameters };
  const cfn = entry.rule.node.defaultChild as config.CfnConfigRule;
  cfn.inputParameters = request.inputParameters;
  cfn.description = request.description;
}

/** At synth: the rule waits for a recorder of its account and region, or says what it needs. */
class WaitForRecorder implements IAspect {
  private done = false;

  constructor(private readonly rule: config.ManagedRule, private readonly entry: RegisteredRule) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.rule) return;
    this.done = true;
    const cfn = this.rule.node.defaultChild as config.CfnConfigRule;
    if (this.rule.node.dependencies.some((d) => d instanceof config.CfnConfigurationRecorder)) return;
    const recorder = findRecorder(this.rule);
    if (recorder) {
      this.rule.node.addDependency(recorder);
      return;
    }
    if (this.entry.recorderExists) {
      cfn.addMetadata(CDK_HIPAA_METADATA_KEY, RECORDER_EXISTS_METADATA);
      return;
    }
    Annotations.of(this.rule).addError(
      `The AWS Config rule ${cfn.source && (cfn.source as config.CfnConfigRule.SourceProperty).sourceIdentifier} (deployed by `
      + `${[...new Set(this.entry.requesters)].join(', ')}) needs a configuration recorder in its account and region: AWS Config rejects `
      + 'a rule while none exists, and the deployment rolls back. Add an AuditTrail to the app, set configRecorderExists: true when the '
      + 'account already records with AWS Config (Control Tower, an organization, an earlier stack), or set configRule: false.');
  }
}

/** A configuration recorder of the app in the rule's account and region: its own stack's first. */
function findRecorder(rule: IConstruct): config.CfnConfigurationRecorder | undefined {
  const stack = Stack.of(rule);
  const recorders = rule.node.root.node.findAll().filter((c): c is config.CfnConfigurationRecorder => c instanceof config.CfnConfigurationRecorder);
  const sameStack = recorders.find((r) => Stack.of(r) === stack);
  if (sameStack) return sameStack;
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return undefined;
  return recorders.find((r) => Stack.of(r).account === stack.account && Stack.of(r).region === stack.region);
}
