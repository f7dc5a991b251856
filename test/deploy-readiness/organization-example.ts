// The organization example's templates for the deploy-readiness checks: every account's stack
// and the baseline its StackSet deploys to every member account.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { deployReadinessProblems, formatProblem, templatesOfApp } from './index';
import { DeployTemplate } from './model';
import { stackSetTemplates } from './rules/stack-sets';
import { addOrganization, settingsFromContext } from '../../examples/organization/organization';

/** The example's context: the placeholder ids of its cdk.json. */
function exampleContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'organization', 'cdk.json'), 'utf8')).context;
}

/** The organization example's stacks and its StackSet's inline template (synthesizes the app, placeholders from its cdk.json). */
export function organizationExampleTemplates(): DeployTemplate[] {
  const app = new App({ context: exampleContext(), builtinCloudFormationValidation: false });
  addOrganization(app, settingsFromContext(app));
  const templates = templatesOfApp(app);
  return [...templates, ...templates.flatMap(stackSetTemplates)];
}

/**
 * Asserts the organization example deploy-ready: no problem at all (its log archive's fixed bucket
 * names lead with the archive stack's name, so FixedNamePerAccountRegion accepts them).
 */
export function expectOrganizationExampleDeployReady(): void {
  expect(deployReadinessProblems(organizationExampleTemplates()).map(formatProblem)).toEqual([]);
}
