/**
 * Deploy readiness: pure checks over synthesized CloudFormation templates that catch what
 * synthesis accepts but `cdk deploy` into a fresh account refuses (or what deploys but never
 * delivers an alert). Each rule lives in `rules/<topic>.ts` with its scenarios and sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeployProblem, DeployRule, DeployTemplate } from './model';
import { configRuleNeedsRecorder, duplicateManagedConfigRule } from './rules/config';
import { eventBridgeKeyConditions, keyPolicyPrincipalMustExist } from './rules/kms';
import { noReservedConcurrency } from './rules/lambda';
import { fixedNamePerAccountRegion } from './rules/names';
import { organizationTrailBucketPolicy } from './rules/organization-trail';
import { rdsParameterValues } from './rules/rds';
import { deletionProtectedCreate, retainOrphansOnFailedCreate } from './rules/retention';
import { topicAllowsPublisher } from './rules/sns';
import { stackSetTemplateBody } from './rules/stack-sets';

export { DeployProblem, DeployRule, DeployTemplate } from './model';

/** Every rule by its stable id (the id each rule writes into its problems). */
export const DEPLOY_READINESS_RULES: Readonly<Record<string, DeployRule>> = {
  ConfigRuleNeedsRecorder: configRuleNeedsRecorder,
  DuplicateManagedConfigRule: duplicateManagedConfigRule,
  RetainOrphansOnFailedCreate: retainOrphansOnFailedCreate,
  DeletionProtectedCreate: deletionProtectedCreate,
  KeyPolicyPrincipalMustExist: keyPolicyPrincipalMustExist,
  EventBridgeKeyConditions: eventBridgeKeyConditions,
  TopicAllowsPublisher: topicAllowsPublisher,
  NoReservedConcurrency: noReservedConcurrency,
  RdsParameterValues: rdsParameterValues,
  FixedNamePerAccountRegion: fixedNamePerAccountRegion,
  OrganizationTrailBucketPolicy: organizationTrailBucketPolicy,
  StackSetTemplateBody: stackSetTemplateBody,
};

/** Every problem every rule finds in `templates` (deployed together), sorted by stack, resource and rule. */
export function deployReadinessProblems(templates: DeployTemplate[]): DeployProblem[] {
  const problems: DeployProblem[] = [];
  for (const t of templates) {
    for (const rule of Object.values(DEPLOY_READINESS_RULES)) problems.push(...rule(t, templates));
  }
  return problems.sort((a, b) => a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId)
    || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}

/** One line per problem: `Rule stack/logicalId: message`. */
export function formatProblem(p: DeployProblem): string {
  return `${p.rule} ${p.stack}/${p.logicalId}: ${p.message}`;
}

/** Asserts that `templates` have no deploy-readiness problems; a failure lists them one per line. */
export function expectDeployReady(templates: DeployTemplate[]): void {
  if (templates.length === 0) throw new Error('expectDeployReady: no templates given; the check would pass vacuously.');
  expect(deployReadinessProblems(templates).map(formatProblem)).toEqual([]);
}

/** The template of one stack (synthesizes its app). */
export function templateOf(stack: Stack): DeployTemplate {
  return {
    stackName: stack.stackName,
    template: Template.fromStack(stack).toJSON(),
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    dependencies: stack.dependencies.map((d) => d.stackName),
  };
}

/** The stacks of an app, nested stage assemblies included (calls `app.synth()`). */
export function templatesOfApp(app: App): DeployTemplate[] {
  return templatesOfAssembly(app.synth().directory);
}

/**
 * The stacks of a cloud assembly directory: the `aws:cloudformation:stack` artifacts of its
 * `manifest.json` (their `templateFile`, `environment` and stack `dependencies`; asset manifests are
 * ignored), and those of nested assemblies (`cdk:cloud-assembly`, e.g. stages).
 */
export function templatesOfAssembly(dir: string): DeployTemplate[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
  const artifacts: Record<string, any> = manifest.artifacts ?? {};
  const stackNames = new Map<string, string>();
  for (const [id, a] of Object.entries(artifacts)) {
    if (a.type === 'aws:cloudformation:stack') stackNames.set(id, a.properties?.stackName ?? id);
  }
  const out: DeployTemplate[] = [];
  for (const [id, a] of Object.entries(artifacts)) {
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      out.push(...templatesOfAssembly(path.join(dir, a.properties.directoryName)));
      continue;
    }
    if (a.type !== 'aws:cloudformation:stack') continue;
    const [, account, region] = /^aws:\/\/([^/]*)\/(.*)$/.exec(a.environment ?? '') ?? [];
    out.push({
      stackName: stackNames.get(id)!,
      template: JSON.parse(fs.readFileSync(path.join(dir, a.properties.templateFile), 'utf-8')),
      account: account && account !== 'unknown-account' ? account : undefined,
      region: region && region !== 'unknown-region' ? region : undefined,
      dependencies: (a.dependencies ?? []).filter((d: string) => stackNames.has(d)).map((d: string) => stackNames.get(d)!),
    });
  }
  return out;
}

/** A template file written out on its own (e.g. `test/integ/*.integ.snapshot/<Stack>.template.json`). */
export function templateOfFile(file: string, env: { account?: string; region?: string } = {}): DeployTemplate {
  return {
    stackName: path.basename(file).replace(/\.template\.json$/, ''),
    template: JSON.parse(fs.readFileSync(file, 'utf-8')),
    ...env,
  };
}
