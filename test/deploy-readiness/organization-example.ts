// The organization example's templates for the deploy-readiness checks: every account's stack
// and the baseline its StackSet deploys to every member account.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { deployReadinessProblems, formatProblem, templatesOfApp } from './index';
import { DeployTemplate } from './model';
import { stackSetTemplates } from './rules/stack-sets';
import { addOrganization, archiveBucketNames, settingsFromContext } from '../../examples/organization/organization';

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
 * Asserts the organization example deploy-ready. Its log archive's two bucket names are fixed on
 * purpose (one archive per organization; the other accounts name them at synth): exactly those
 * two FixedNamePerAccountRegion findings are expected, nothing else.
 */
export function expectOrganizationExampleDeployReady(): void {
  const app = new App({ context: exampleContext() });
  const names = archiveBucketNames(settingsFromContext(app));
  const problems = deployReadinessProblems(organizationExampleTemplates()).map(formatProblem);
  const deliberate = problems.filter((p) => p.startsWith('FixedNamePerAccountRegion ')
    && [names.trail, names.config].some((n) => p.includes(`"${n}"`)));
  expect(deliberate).toHaveLength(2);
  expect(problems.filter((p) => !deliberate.includes(p))).toEqual([]);
}
