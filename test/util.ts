import { App, Stack, Validations } from 'aws-cdk-lib';
import { HIPAASecurityChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The account and region test stacks deploy to, so names and ARNs resolve. */
export const TEST_ENV = { account: '123456789012', region: 'us-east-1' };

/**
 * The feature flag that makes the built-in CloudFormation validation's findings errors: unset,
 * aws-cdk-lib downgrades them to warnings and `app.synth()` succeeds on an invalid template.
 */
export const CFN_VALIDATION_AS_ERRORS = '@aws-cdk/core:validateAgainstDefaultRules';

export interface TestAppOptions {
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation (about 3 s per test file), with its
   * findings as errors: `app.synth()` throws on a template CloudFormation would reject.
   * Keep it for end-to-end tests of each construct's defaults and the examples.
   * @default false
   */
  readonly cfnValidation?: boolean;
}

/** An App for tests; the built-in CloudFormation validation is off unless asked for. */
export function testApp(options: TestAppOptions = {}): App {
  const cfnValidation = options.cfnValidation ?? false;
  return new App({
    builtinCloudFormationValidation: cfnValidation,
    context: cfnValidation ? { [CFN_VALIDATION_AS_ERRORS]: true } : {},
  });
}

/** A stack in {@link TEST_ENV} inside a fresh test app (or the given one). */
export function testStack(app: App = testApp(), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: TEST_ENV });
}

/** A cdk-nag HIPAA Security finding that nobody acknowledged. */
export interface NagFinding {
  /** Rule name without the pack prefix, e.g. `S3BucketLoggingEnabled`. */
  readonly rule: string;
  /** Construct path of the violating resource. */
  readonly path: string;
}

/**
 * Runs cdk-nag's HIPAA Security pack over `scope` and returns the findings that are not
 * acknowledged on the resource or any ancestor (cdk-nag's `validateScope` does not filter them).
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const report = new HIPAASecurityChecks().validateScope(scope);
  const findings: NagFinding[] = [];
  for (const violation of report.violations) {
    const qualified = `HIPAA.Security::${violation.ruleName}`;
    for (const resource of violation.violatingResources) {
      const path = resource.constructPath ?? '(unknown)';
      const construct = findByPath(scope, path);
      if (construct && isAcknowledged(construct, qualified)) continue;
      findings.push({ rule: violation.ruleName.replace(/^HIPAA\.Security-/, ''), path });
    }
  }
  return findings.sort((a, b) => `${a.path}${a.rule}`.localeCompare(`${b.path}${b.rule}`));
}

/** Asserts that cdk-nag's HIPAA Security pack finds nothing unacknowledged in `scope`. */
export function expectNagClean(scope: IConstruct): void {
  expect(nagFindings(scope)).toEqual([]);
}

/** Every acknowledgement recorded in `scope`'s tree: id, reason, and where. */
export function acknowledgementsIn(scope: IConstruct): Array<{ id: string; reason: string; path: string }> {
  const out: Array<{ id: string; reason: string; path: string }> = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ id, reason, path: c.node.path });
      }
    }
  }
  return out;
}

function isAcknowledged(construct: IConstruct, qualifiedId: string): boolean {
  return construct.node.scopes.some((s) => s.node.metadata.some((m) =>
    m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && Object.prototype.hasOwnProperty.call(m.data, qualifiedId)));
}

function findByPath(scope: IConstruct, path: string): IConstruct | undefined {
  const root = scope.node.root;
  return root.node.findAll().find((c) => c.node.path === path);
}
