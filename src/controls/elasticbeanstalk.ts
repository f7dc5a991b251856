import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { isIntrinsic, list, str, UNKNOWN, Unknown } from './values';

// aws-cdk-lib has no Elastic Beanstalk L2: these controls read the L1 resources.
const ENVIRONMENT = 'AWS::ElasticBeanstalk::Environment';
const CONFIGURATION_TEMPLATE = 'AWS::ElasticBeanstalk::ConfigurationTemplate';

const HEALTH_REPORTING = 'aws:elasticbeanstalk:healthreporting:system';
const MANAGED_ACTIONS = 'aws:elasticbeanstalk:managedactions';
const PLATFORM_UPDATE = 'aws:elasticbeanstalk:managedactions:platformupdate';

/** An option of a list of OptionSettings: its value, 'unknown' when the list or a setting is unresolved, undefined when absent. */
function optionIn(settings: unknown, namespace: string, name: string): string | Unknown | undefined {
  const options = list(settings);
  if (options === UNKNOWN) return UNKNOWN;
  let unresolved = false;
  for (const option of options) {
    if (isIntrinsic(option)) {
      unresolved = true;
      continue;
    }
    if (option?.Namespace === namespace && option?.OptionName === name) return str(option.Value) ?? '';
    if (isIntrinsic(option?.Namespace) || isIntrinsic(option?.OptionName)) unresolved = true;
  }
  return unresolved ? UNKNOWN : undefined;
}

/**
 * An option of an environment: its own OptionSettings over those of the configuration template it is
 * created from (TemplateName referencing an AWS::ElasticBeanstalk::ConfigurationTemplate of the app).
 *
 * @returns undefined when neither sets it (the service default applies, unless the source bundle's
 * .ebextensions set it, which synth cannot see); 'unknown' for a template outside the app or an unresolved setting
 */
function optionOf(r: RenderedResource, index: ResourceIndex, namespace: string, name: string): string | Unknown | undefined {
  const own = optionIn(r.properties.OptionSettings, namespace, name);
  if (own !== undefined) return own;
  const templateName = r.properties.TemplateName;
  if (templateName === undefined) return undefined;
  const template = index.target(templateName, r);
  if (template?.type !== CONFIGURATION_TEMPLATE) return UNKNOWN;
  const inherited = optionIn(template.properties.OptionSettings, namespace, name);
  if (inherited === undefined && template.properties.SourceConfiguration !== undefined) return UNKNOWN;
  return inherited;
}

/**
 * ElasticBeanstalk.EnhancedHealth: the environment reports enhanced health, from the health agent on
 * each instance, instead of basic load balancer and EC2 checks.
 * - given SystemType enhanced in aws:elasticbeanstalk:healthreporting:system, on the environment or
 *   in a configuration template of the app it is created from, then PASS
 * - given SystemType basic, or absent (the default for environments created through the API and
 *   CloudFormation), then FAIL (warning; acknowledge it when .ebextensions set it)
 * - given the option from a parameter or a configuration template outside the app, then UNVERIFIABLE
 */
const enhancedHealth: Control = {
  id: 'ElasticBeanstalk.EnhancedHealth',
  title: 'Elastic Beanstalk environment reports enhanced health',
  resourceTypes: [ENVIRONMENT],
  citations: ['164.312(b)', '164.308(a)(7)(i)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ElasticBeanstalkEnhancedHealthReportingEnabled',
  fix: `Add the option setting { namespace: '${HEALTH_REPORTING}', optionName: 'SystemType', value: 'enhanced' }.`,
  rationale: 'Enhanced health reports failing requests and degraded instances of the application serving PHI as they happen, not only when the host stops answering.',
  check: (r, index) => {
    const value = optionOf(r, index, HEALTH_REPORTING, 'SystemType');
    if (value === UNKNOWN) return unverifiable('SystemType cannot be resolved at synth (a parameter, or a configuration template outside the app).');
    return value === 'enhanced' ? pass() : fail(`SystemType is ${value ?? 'not set (basic)'}, so health reporting is basic.`);
  },
};

/**
 * ElasticBeanstalk.ManagedUpdates: the environment applies platform patches in a weekly maintenance window.
 * - given ManagedActionsEnabled true (aws:elasticbeanstalk:managedactions) and UpdateLevel patch or minor
 *   (aws:elasticbeanstalk:managedactions:platformupdate), on the environment or its configuration template, then PASS
 * - given ManagedActionsEnabled false or absent (the default outside the console), then FAIL (warning)
 * - given managed actions on without an UpdateLevel, then FAIL
 * - given either option from a parameter or a configuration template outside the app, then UNVERIFIABLE
 */
const managedUpdates: Control = {
  id: 'ElasticBeanstalk.ManagedUpdates',
  title: 'Elastic Beanstalk environment applies managed platform updates',
  resourceTypes: [ENVIRONMENT],
  citations: ['164.308(a)(5)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ElasticBeanstalkManagedUpdatesEnabled',
  fix: `Set ManagedActionsEnabled to true and PreferredStartTime in ${MANAGED_ACTIONS}, and UpdateLevel to minor or patch in ${PLATFORM_UPDATE}.`,
  rationale: 'Managed updates install platform security patches on the hosts serving PHI on a schedule, instead of when someone remembers.',
  check: (r, index) => {
    const enabled = optionOf(r, index, MANAGED_ACTIONS, 'ManagedActionsEnabled');
    const level = optionOf(r, index, PLATFORM_UPDATE, 'UpdateLevel');
    if (enabled === UNKNOWN || level === UNKNOWN) {
      return unverifiable('the managed update options cannot be resolved at synth (a parameter, or a configuration template outside the app).');
    }
    if (enabled?.toLowerCase() !== 'true') return fail(`ManagedActionsEnabled is ${enabled ?? 'not set (false)'}, so platform patches wait for a manual update.`);
    if (level !== 'minor' && level !== 'patch') return fail(`UpdateLevel is ${level ?? 'not set'}; set it to patch or minor so that managed updates apply platform patches.`);
    return pass();
  },
};

/** Controls for Elastic Beanstalk environments. */
export const ELASTICBEANSTALK_CONTROLS: readonly Control[] = [
  enhancedHealth,
  managedUpdates,
];
