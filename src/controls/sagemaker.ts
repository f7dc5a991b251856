import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, dig, list, str, UNKNOWN } from './values';

const NOTEBOOK = 'AWS::SageMaker::NotebookInstance';
const ENDPOINT_CONFIG = 'AWS::SageMaker::EndpointConfig';
const MODEL = 'AWS::SageMaker::Model';
const DOMAIN = 'AWS::SageMaker::Domain';

/**
 * SageMaker.NotebookCustomerManagedKey: the notebook's storage volume is encrypted with a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (an AWS-managed key), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const notebookCustomerManagedKey: Control = {
  id: 'SageMaker.NotebookCustomerManagedKey',
  title: 'SageMaker notebook instance is encrypted with a customer-managed KMS key',
  resourceTypes: [NOTEBOOK],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'SageMakerNotebookInstanceKMSKeyConfigured',
  fix: 'Set kmsKeyId to a HipaaKey on the notebook instance.',
  check: (r, index) => customerKeyVerdict(r, index, ['KmsKeyId'], 'an AWS-managed key'),
};

/**
 * SageMaker.NotebookNoDirectInternet: the notebook reaches the internet only through your VPC.
 * - given DirectInternetAccess Disabled and a SubnetId, then PASS
 * - given DirectInternetAccess Enabled or absent (the service default is Enabled), then FAIL
 * - given no SubnetId, then FAIL
 * - given either from a parameter, then UNVERIFIABLE
 */
const notebookNoDirectInternet: Control = {
  id: 'SageMaker.NotebookNoDirectInternet',
  title: 'SageMaker notebook instance has no direct internet access and runs in a subnet',
  resourceTypes: [NOTEBOOK],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'SageMakerNotebookNoDirectInternetAccess',
  fix: "Set directInternetAccess: 'Disabled' with subnetId and securityGroupIds.",
  check: (r) => {
    const access = str(r.properties.DirectInternetAccess);
    const subnet = str(r.properties.SubnetId);
    if (access === UNKNOWN) return unverifiable('DirectInternetAccess cannot be resolved at synth.');
    if (access !== 'Disabled') return fail(`DirectInternetAccess is ${access ?? 'not set (Enabled)'}, so the notebook can send data straight to the internet.`);
    if (subnet === undefined) return fail('SubnetId is not set, so the notebook does not run in your VPC.');
    return pass();
  },
};

/**
 * SageMaker.EndpointConfigCustomerManagedKey: endpoint storage volumes are encrypted with a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId, then FAIL
 * - given only serverless variants (which take no KmsKeyId), then N/A
 * - given a key from a parameter, then UNVERIFIABLE
 */
const endpointConfigCustomerManagedKey: Control = {
  id: 'SageMaker.EndpointConfigCustomerManagedKey',
  title: 'SageMaker endpoint configuration is encrypted with a customer-managed KMS key',
  resourceTypes: [ENDPOINT_CONFIG],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'SageMakerEndpointConfigurationKMSKeyConfigured',
  fix: 'Set kmsKeyId to a HipaaKey on the endpoint configuration.',
  check: (r, index) => {
    const variants = list(r.properties.ProductionVariants);
    if (variants !== UNKNOWN && variants.length > 0 && variants.every((v) => v?.ServerlessConfig !== undefined)) return notApplicable();
    return customerKeyVerdict(r, index, ['KmsKeyId'], 'an AWS-managed key');
  },
};

/**
 * SageMaker.ModelInVpc: the model's containers run in your VPC.
 * - given VpcConfig with at least one subnet, then PASS
 * - given no VpcConfig, then FAIL (warning)
 * - given subnets from a parameter, then UNVERIFIABLE
 */
const modelInVpc: Control = {
  id: 'SageMaker.ModelInVpc',
  title: 'SageMaker model runs inside a VPC',
  resourceTypes: [MODEL],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set vpcConfig with subnets and securityGroupIds on the model.',
  check: (r) => {
    const subnets = list(dig(r.properties, 'VpcConfig', 'Subnets'));
    if (subnets === UNKNOWN) return unverifiable('VpcConfig.Subnets cannot be resolved at synth.');
    return subnets.length > 0 ? pass() : fail('the model has no VpcConfig, so its containers run outside your network controls.');
  },
};

/**
 * SageMaker.ModelNetworkIsolation: the model's containers cannot make outbound network calls.
 * - given EnableNetworkIsolation true, then PASS
 * - given EnableNetworkIsolation false or absent (CloudFormation's default is false), then FAIL (warning)
 * - given the value from a parameter, then UNVERIFIABLE
 */
const modelNetworkIsolation: Control = {
  id: 'SageMaker.ModelNetworkIsolation',
  title: 'SageMaker model containers run with network isolation',
  resourceTypes: [MODEL],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'An isolated container cannot send the PHI it scores to any address, even if its code or a dependency tries to.',
  fix: 'Set enableNetworkIsolation: true on the model.',
  check: (r) => {
    const isolated = bool(r.properties.EnableNetworkIsolation);
    if (isolated === UNKNOWN) return unverifiable('EnableNetworkIsolation cannot be resolved at synth.');
    return isolated === true ? pass()
      : fail(`EnableNetworkIsolation is ${isolated ?? 'not set (false)'}, so the model's containers can make outbound calls with the data they process.`);
  },
};

/**
 * SageMaker.DomainCustomerManagedKey: the Studio domain's storage (its EFS volume of user home directories) is encrypted with a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (an AWS-managed key), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const domainCustomerManagedKey: Control = {
  id: 'SageMaker.DomainCustomerManagedKey',
  title: 'SageMaker domain storage is encrypted with a customer-managed KMS key',
  resourceTypes: [DOMAIN],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Users\' notebooks and data sets in the domain\'s home directories hold PHI; only a customer-managed key lets you restrict and audit who may decrypt them.',
  fix: 'Set kmsKeyId to a HipaaKey on the domain.',
  check: (r, index) => customerKeyVerdict(r, index, ['KmsKeyId'], 'an AWS-managed key'),
};

/**
 * SageMaker.DomainVpcOnly: the Studio domain's apps reach the network only through your VPC.
 * - given AppNetworkAccessType VpcOnly, then PASS
 * - given PublicInternetOnly or absent (CloudFormation's default is PublicInternetOnly), then FAIL
 * - given the value from a parameter, then UNVERIFIABLE
 */
const domainVpcOnly: Control = {
  id: 'SageMaker.DomainVpcOnly',
  title: 'SageMaker domain apps use only your VPC for network access',
  resourceTypes: [DOMAIN],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'With public internet access, notebooks that work on PHI can send it anywhere, past your VPC\'s security groups, endpoints and flow logs.',
  fix: "Set appNetworkAccessType: 'VpcOnly' with subnetIds and security groups in defaultUserSettings.",
  check: (r) => {
    const access = str(r.properties.AppNetworkAccessType);
    if (access === UNKNOWN) return unverifiable('AppNetworkAccessType cannot be resolved at synth.');
    return access === 'VpcOnly' ? pass()
      : fail(`AppNetworkAccessType is ${access ?? 'not set (PublicInternetOnly)'}, so the domain's apps reach the internet outside your VPC.`);
  },
};

export const SAGEMAKER_CONTROLS: readonly Control[] = [
  notebookCustomerManagedKey,
  notebookNoDirectInternet,
  endpointConfigCustomerManagedKey,
  modelInVpc,
  modelNetworkIsolation,
  domainCustomerManagedKey,
  domainVpcOnly,
];
