/**
 * Compares cdk-hipaa's controls with cdk-nag's HIPAA Security pack, rule by rule.
 *
 * - Cases (scripts/nag-cases/): for every rule of the pack, resources cdk-nag judges compliant and
 *   non-compliant; each case is built in its own stack and both engines judge it.
 * - Corpus: plain aws-cdk-lib resources with their defaults and common mistakes, in one stack.
 *
 * Used by test/aspect/nag-comparison.test.ts (every disagreement must be explained, every case
 * must be judged by cdk-nag as it says) and by scripts/docs.ts (docs/cdk-nag-comparison.md).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HIPAASecurityChecks, IApplyRule, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ALL_CASES } from './nag-cases';
import { HipaaAspect, HipaaAspectMode, HipaaControls, HipaaFinding, HipaaFindingStatus } from '../src';
import { NagCase } from './nag-cases/types';

const ENV = { account: '123456789012', region: 'us-east-1' };

/* ------------------------------------------------------------------------------------------ */
/* What matches what, and why they differ                                                      */
/* ------------------------------------------------------------------------------------------ */

/**
 * Controls that match cdk-nag rules besides the one their `nagRule` names: one control that
 * covers several resource types, each of which cdk-nag checks with its own rule.
 */
export const EXTRA_MATCHES: Record<string, readonly string[]> = {
  DynamoDBInBackupPlan: ['Backup.ResourceInPlan'],
  EC2EBSInBackupPlan: ['Backup.ResourceInPlan'],
  EFSInBackupPlan: ['Backup.ResourceInPlan'],
  // the rule's list of common ports includes FTP (20, 21) and RDP (3389), admin and file transfer ports here
  EC2RestrictedCommonPorts: ['EC2.NoPublicAdminPorts'],
  // one rule for encryption and audit logging, one control each here
  RedshiftClusterConfiguration: ['Redshift.AuditLogging'],
  // the rule asks for automated snapshots among its maintenance settings
  RedshiftClusterMaintenanceSettings: ['Redshift.BackupRetention'],
  // a certificate on every listener means TLS on every listener: plain listeners are ListenerEncrypted's to fail
  ELBACMCertificateRequired: ['ELB.ListenerEncrypted'],
  ELBv2ACMCertificateRequired: ['ELBv2.ListenerEncrypted'],
};

/** Why the engines disagree, per (control, cdk-nag rule). Every disagreement must have one. */
export const EXPLANATIONS: Record<string, string> = {
  'EC2.NoPublicDatabasePorts|EC2RestrictedCommonPorts':
    'cdk-nag checks its list of common ports (20, 21, 3306, 3309, 3389, 4333) from IPv4 CIDRs only, and fails every all-protocol rule, even one from a private CIDR; '
    + 'cdk-hipaa refuses the same ports (FTP, SSH and RDP in EC2.NoPublicAdminPorts; 3306, 3309, 4333 and the other database and cache ports in EC2.NoPublicDatabasePorts) '
    + 'when they are open to the internet over IPv4 or IPv6, and leaves traffic from the VPC\'s own addresses alone, since it does not leave the network. So RDP open to all '
    + 'of IPv6 fails only here, and all traffic from a private CIDR only in cdk-nag.',
  'Logs.RetentionSixYears|CloudWatchLogGroupRetentionPeriod':
    'cdk-nag only asks that a retention be set; HIPAA asks that audit evidence be kept six years (45 CFR 164.316(b)(2)(i)), so cdk-hipaa fails any retention under 2,192 days and accepts never-expire.',
  'RDS.BackupRetention|RDSInstanceBackupEnabled':
    'cdk-nag accepts any non-zero retention, including the one-day default; cdk-hipaa asks for at least seven days of point-in-time recovery (45 CFR 164.308(a)(7)(ii)(A)).',
  'Redshift.BackupRetention|RedshiftBackupEnabled':
    'cdk-nag accepts any non-zero retention, including the one-day default; cdk-hipaa asks for at least seven days of automated snapshots, '
    + 'the minimum it asks of every database (45 CFR 164.308(a)(7)(ii)(A)).',
  'Redshift.BackupRetention|RedshiftClusterMaintenanceSettings':
    'cdk-nag accepts the one-day default retention among the maintenance settings; cdk-hipaa asks for at least seven days of automated snapshots, '
    + 'the minimum it asks of every database (45 CFR 164.308(a)(7)(ii)(A)).',
  'S3.NoPublicWrite|S3BucketPublicWriteProhibited':
    'cdk-nag fails buckets whose template does not turn on BlockPublicPolicy; S3 has blocked public policies and ACLs on every new bucket since April 2023, '
    + 'so cdk-hipaa fails what would let everyone write: a PublicReadWrite ACL, or a bucket policy that allows everyone to put or delete objects.',
  'S3.NoAcls|S3BucketPublicReadProhibited':
    'cdk-nag fails buckets whose template does not spell out Block Public Access; S3 has blocked public access and disabled ACLs on every new bucket since April 2023, so cdk-hipaa fails only settings that turn that off (S3.PublicAccessBlock, S3.NoAcls). '
    + 'It also fails a public canned ACL that BlockPublicAcls neutralises: the grant becomes live the moment the block is relaxed.',
  'RDS.LogExports|RDSLoggingEnabled':
    'cdk-nag asks for every log type the engine can export; cdk-hipaa asks for at least one export to CloudWatch Logs, because MySQL\'s general and slow-query logs copy whole statements, PHI included, into the logs, so exporting them is a choice to make deliberately.',
  'RDS.NotPubliclyAccessible|RDSInstancePublicAccess':
    'cdk-nag fails any DB instance whose template does not set PubliclyAccessible false; RDS keeps a database private when its subnet group is not the default VPC\'s, so cdk-hipaa passes an instance whose subnets in the app neither map public IPs nor route to an internet gateway, and fails it in the default VPC or when PubliclyAccessible is true.',
  'EC2.SubnetNoAutoPublicIp|VPCSubnetAutoAssignPublicIpDisabled':
    'cdk-nag fails every subnet that maps public IPs on launch; cdk-hipaa passes public subnets that hold only NAT gateways or load balancers (what public subnets are for) and fails those the app launches instances, Auto Scaling groups, ECS services or node groups into, or puts nothing in.',
  'Backup.ResourceInPlan|EC2EBSInBackupPlan':
    'cdk-nag looks for a backup selection in the resource\'s own stack only; cdk-hipaa also accepts selections in other stacks, by ARN pattern and by tag.',
  'Backup.ResourceInPlan|DynamoDBInBackupPlan':
    'cdk-nag looks for a backup selection that names the table in the table\'s own stack; cdk-hipaa also accepts selections in other stacks, by ARN pattern and by tag.',
  'Backup.ResourceInPlan|EFSInBackupPlan':
    'cdk-nag looks for a backup selection that names the file system in its own stack; cdk-hipaa also accepts selections in other stacks, by ARN pattern and by tag, '
    + 'and EFS automatic backups (BackupPolicy ENABLED), which put the file system in AWS Backup\'s default plan.',
  'APIGateway.CacheEncrypted|APIGWCacheEnabledAndEncrypted':
    'cdk-nag asks every stage to cache all methods and encrypt the cache; cdk-hipaa asks only that a cache, where there is one, be encrypted: '
    + 'a stage without a cache cluster holds no responses to protect, and caching is a performance choice.',
  'APIGateway.ClientCertificate|APIGWSSLEnabled':
    'cdk-nag asks every stage for a client certificate; cdk-hipaa asks it of stages whose API calls HTTP backends, the only integrations that can '
    + 'check one. Lambda, AWS-service and mock integrations are reached through IAM or not at all.',
  'AutoScaling.LoadBalancerHealthCheck|AutoScalingGroupELBHealthCheckRequired':
    'cdk-nag wants HealthCheckType to be exactly ELB; cdk-hipaa also accepts ELB in a list with other types (ELB,EBS), which Auto Scaling supports.',
  'CloudWatch.AlarmAction|CloudWatchAlarmAction':
    'cdk-nag accepts an alarm whose only action is an OK or INSUFFICIENT_DATA action; cdk-hipaa asks for an ALARM action, the one that tells someone an incident began.',
  'CodeBuild.SourceNoCredentialsInUrl|CodeBuildProjectSourceRepoUrl':
    'cdk-nag fails every project whose Source.Auth is not OAUTH, CodePipeline and S3 sources included; cdk-hipaa checks what AWS Config\'s rule of that name checks: '
    + 'that no repository URL carries a user name, password or token. A GitHub source using stored source credentials passes here.',
  'EC2.InstanceNoPublicIp|EC2InstanceNoPublicIp':
    'cdk-nag reads only AssociatePublicIpAddress on the instance\'s network interfaces; cdk-hipaa also fails an instance launched into a subnet that maps '
    + 'public IPs on launch (or into the default VPC) when no interface turns that off, and one with an Elastic IP.',
  'EC2.InstanceInVpc|EC2InstancesInVPC':
    'cdk-nag reads only the instance\'s SubnetId; cdk-hipaa also accepts the subnet of its primary network interface, where aws-cdk-lib puts it when associatePublicIpAddress is set.',
  'ECS.HostModeNonRootUser|ECSTaskDefinitionUserForHostMode':
    'cdk-nag asks host-mode containers to be privileged and to run as a non-root user; cdk-hipaa asks for the non-root user only: privileged adds host access, it does not remove any.',
  'EFS.Encrypted|EFSEncrypted':
    'cdk-nag fails only Encrypted false; CloudFormation creates an unencrypted file system when Encrypted is absent, so cdk-hipaa fails that too (efs.FileSystem sets it true).',
  'ElastiCache.AutomaticBackups|ElastiCacheRedisClusterAutomaticBackup':
    'cdk-nag asks Redis for at least 15 days of snapshots; cdk-hipaa asks for automatic snapshots of any retention (a cache is rarely the only copy of PHI) and judges replication '
    + 'groups and serverless caches. A stand-alone Redis cache cluster fails ElastiCache.CacheClusterEncrypted instead: it can encrypt neither at rest nor in transit.',
  'ELB.ListenerEncrypted|ELBTlsHttpsListenersOnly':
    'cdk-nag passes plain HTTP and TCP listeners and fails HTTPS or SSL listeners that speak plain HTTP or TCP to the instances; cdk-hipaa judges the client side, as for '
    + 'ALBs: it fails plain listeners, which carry PHI in clear text from the client, and lets TLS end at the load balancer.',
  'ELBv2.ListenerEncrypted|ELBv2ACMCertificateRequired':
    'cdk-nag asks every listener for a certificate, an HTTP listener that only redirects to HTTPS included; cdk-hipaa passes such a redirect, which carries no PHI, '
    + 'and asks for ACM certificates on HTTPS and TLS listeners (ELBv2.AcmCertificate).',
  'EMR.KerberosEnabled|EMRKerberosEnabled':
    'cdk-nag passes a cluster that has KerberosAttributes; EMR turns Kerberos on only through a security configuration with a Kerberos configuration, so cdk-hipaa also asks for that.',
  'IAM.NoAdminAccess|IAMPolicyNoStatementsWithAdminAccess':
    'cdk-nag reads policy documents only; cdk-hipaa also fails the AWS managed AdministratorAccess and PowerUserAccess policies attached by ARN.',
  'IAM.NoFullServiceAccess|IAMPolicyNoStatementsWithFullAccess':
    'cdk-nag looks for `service:*` anywhere in the document, in a Deny statement too; cdk-hipaa reads Allow statements only, since a Deny of `s3:*` grants nothing.',
  'Lambda.DeadLetterQueue|LambdaDLQ':
    'cdk-nag asks for a dead-letter queue; cdk-hipaa also accepts an on-failure destination (EventInvokeConfig), which keeps failed asynchronous events with more context.',
  'OpenSearch.ApplicationLogs|OpenSearchErrorLogsToCloudWatch':
    'cdk-nag passes a domain whose ES_APPLICATION_LOGS entry exists, even with Enabled false; cdk-hipaa reads Enabled, since a disabled entry publishes no error log.',
  'Backup.ResourceInPlan|RDSInBackupPlan':
    'cdk-nag looks for the DB instance\'s own ARN in a backup selection, Aurora instances included; AWS Backup backs up Aurora by cluster and cannot select its instances, '
    + 'so cdk-hipaa judges the cluster and passes its writer when the cluster is in a plan.',
  'RDS.MultiAz|RDSMultiAZSupport':
    'cdk-nag passes every Aurora instance, since Aurora storage spans three Availability Zones; cdk-hipaa judges the cluster and asks for a second DB instance to fail over to, '
    + 'because a cluster with one instance has no database engine to serve PHI while its zone is down (45 CFR 164.308(a)(7)(ii)(B)).',
  'S3.AccessLogging|S3BucketLoggingEnabled':
    'cdk-nag passes the bucket other buckets deliver their access logs to, and a bucket logging to itself; cdk-hipaa fails the first until it is acknowledged, so the exception '
    + 'is a recorded decision (EncryptedBucket does so for the log bucket it creates), and fails the second because, as AWS warns, each delivery to the bucket itself is logged again, without end.',
  'S3.DefaultEncryptionKms|S3DefaultEncryptionKMS':
    'cdk-nag accepts only aws:kms as the default encryption; cdk-hipaa also accepts dual-layer SSE-KMS (aws:kms:dsse), which encrypts with a KMS key and adds a second layer.',
  'SecretsManager.CustomerManagedKey|SecretsManagerUsingKMSKey':
    'cdk-nag fails the AWS-managed key only when it is spelled aws/secretsmanager; cdk-hipaa fails it under every name (alias/aws/secretsmanager too), because its key policy '
    + 'cannot be narrowed to the principals that may decrypt PHI.',
  'SNS.CustomerManagedKey|SNSEncryptedKMS':
    'cdk-nag accepts any KMS key on a topic; cdk-hipaa asks for a customer-managed key, because the AWS-managed alias/aws/sns key policy cannot be narrowed to the '
    + 'principals that may read PHI, nor opened to the AWS services that publish alarms and events.',
  'EC2.VpcFlowLogs|VPCFlowLogsEnabled':
    'cdk-nag accepts a flow log of any traffic type; cdk-hipaa asks for ALL traffic, because the accepted connections are the ones that reach PHI and a REJECT-only log leaves them out (45 CFR 164.312(b)).',
  'EC2.NoUnrestrictedRouteToIgw|VPCNoUnrestrictedRouteToIGW':
    'cdk-nag fails every 0.0.0.0/0 route to an internet gateway; such a route is what makes a subnet public, so cdk-hipaa passes it in public subnets that hold only NAT gateways '
    + 'or load balancers (ec2.Vpc\'s public subnets) and fails it where the app launches compute.',
  'WAFv2.Logging|WAFv2LoggingEnabled':
    'cdk-nag accepts a logging configuration whose literal ARN carries the web ACL\'s name; the ARN also carries an id that AWS assigns when it creates the ACL, so cdk-hipaa '
    + 'cannot prove at synth that a literal ARN names this ACL and reports it UNVERIFIABLE, and passes the ACL\'s own Arn attribute.',
};

/** cdk-nag HIPAA rules no control matches, and why. */
export const NAG_ONLY_NOTES: Record<string, string> = {
  DynamoDBAutoScalingEnabled: 'Capacity planning, not the confidentiality, integrity or availability of PHI at rest.',
};

/* ------------------------------------------------------------------------------------------ */
/* cdk-nag, recorded                                                                           */
/* ------------------------------------------------------------------------------------------ */

/** cdk-nag's verdict of one rule on one resource. */
export type NagVerdict = 'compliant' | 'non-compliant' | 'not-applicable';

/**
 * HIPAASecurityChecks that also records every rule it applies and every verdict, N/A included
 * (validateScope's report lists only violations).
 */
class RecordingHipaaChecks extends HIPAASecurityChecks {
  /** Rule names in the order the pack applies them. */
  public readonly rules: string[] = [];
  /** `<construct path>|<rule>` → verdict. */
  public readonly verdicts = new Map<string, NagVerdict>();

  protected applyRule(params: IApplyRule): void {
    const name = params.ruleSuffixOverride ?? params.rule.name;
    if (!this.rules.includes(name)) this.rules.push(name);
    const record = (node: CfnResource, v: NagVerdict) => this.verdicts.set(`${node.node.path}|${name}`, v);
    super.applyRule({
      ...params,
      ruleSuffixOverride: name,
      rule: (node: CfnResource): NagRuleResult => {
        try {
          const result = params.rule(node);
          record(node, result === NagRuleCompliance.NOT_APPLICABLE ? 'not-applicable'
            : result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0) ? 'compliant' : 'non-compliant');
          return result;
        } catch (e) {
          record(node, 'non-compliant'); // cdk-nag reports a rule that throws as a violation
          throw e;
        }
      },
    });
  }
}

/** cdk-nag over `scope`: the recorded verdicts and the violations of its report (`<path>|<rule>`). */
function runNag(scope: IConstruct): { checks: RecordingHipaaChecks; violations: Set<string> } {
  const checks = new RecordingHipaaChecks();
  const report = checks.validateScope(scope);
  const violations = new Set<string>();
  for (const v of report.violations) {
    for (const r of v.violatingResources) violations.add(`${r.constructPath}|${baseRule(v.ruleName)}`);
  }
  return { checks, violations };
}

/** The rules of cdk-nag's HIPAA Security pack, in the order it applies them (captured by running it). */
export function hipaaRules(): string[] {
  const stack = new Stack(new App(), 'Probe');
  new CfnResource(stack, 'Any', { type: 'AWS::SQS::Queue' });
  return runNag(stack).checks.rules;
}

/** The `rule:` entries of the pack's source, as a second count for the test. */
export function hipaaRulesInPackSource(): string[] {
  const file = path.join(path.dirname(require.resolve('cdk-nag')), 'packs', 'hipaa-security.js');
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/\brule:\s*[\w$]+\.(\w+)/g)].map((m) => m[1]);
}

/** `HIPAA.Security-RDSLoggingEnabled[LogExport::audit]` → `RDSLoggingEnabled`. */
function baseRule(ruleName: string): string {
  return ruleName.replace(/^HIPAA\.Security-/, '').replace(/\[.*\]$/, '');
}

/* ------------------------------------------------------------------------------------------ */
/* Matching                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** The ids of the controls that match a rule: those naming it as `nagRule`, plus EXTRA_MATCHES. */
export function matchingControls(rule: string): string[] {
  const own = HipaaControls.all().filter((c) => c.nagRule === rule).map((c) => c.id);
  return [...new Set([...own, ...(EXTRA_MATCHES[rule] ?? [])])];
}

/** A control's verdict on a case: the worst status among the matching controls, NONE when none applied. */
export type ControlVerdict = 'FAIL' | 'UNVERIFIABLE' | 'PASS' | 'NONE';

const RANK: Record<ControlVerdict, number> = { NONE: 0, PASS: 1, UNVERIFIABLE: 2, FAIL: 3 };

function verdictOf(findings: readonly HipaaFinding[]): ControlVerdict {
  let worst: ControlVerdict = 'NONE';
  for (const f of findings) {
    const v: ControlVerdict = f.status === HipaaFindingStatus.PASS ? 'PASS'
      : f.status === HipaaFindingStatus.UNVERIFIABLE ? 'UNVERIFIABLE' : 'FAIL';
    if (RANK[v] > RANK[worst]) worst = v;
  }
  return worst;
}

/** FAIL and UNVERIFIABLE both flag a resource: neither lets it through unreviewed. */
export const flags = (v: ControlVerdict): boolean => v === 'FAIL' || v === 'UNVERIFIABLE';

/* ------------------------------------------------------------------------------------------ */
/* Cases                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** One case, judged by both engines. */
export interface CaseResult {
  readonly rule: string;
  readonly compliant: boolean;
  readonly title: string;
  /** Construct path of the judged resource (empty when the case did not build). */
  readonly path: string;
  /** cdk-nag's verdict on the judged resource ('not-applicable' also when it was not judged). */
  readonly nag: NagVerdict;
  /** Whether cdk-nag judges the case as it says (`compliant`). */
  readonly nagAgrees: boolean;
  /** The matching controls' verdict. */
  readonly control: ControlVerdict;
  /**
   * True when no matching control applies to the resource cdk-nag judges, so the verdict is the
   * controls' on the case's other resources (cdk-nag judges an Auto Scaling group, the control its
   * launch template).
   */
  readonly judgedElsewhere: boolean;
  /** Why the case could not be built or judged. */
  readonly error?: string;
}

/** How many cases of one kind the matching controls flag. */
export interface Tally {
  /** FAIL or UNVERIFIABLE. */
  readonly flagged: number;
  readonly failed: number;
  readonly unverifiable: number;
  readonly total: number;
}

export type Relation = 'same' | 'stricter' | 'looser' | 'stricter and looser' | 'no matching control';

export interface RuleComparison {
  readonly rule: string;
  /** Control ids that match the rule. */
  readonly controls: string[];
  /** Non-compliant cases (by cdk-nag) the matching controls flag. */
  readonly nonCompliant: Tally;
  /** Compliant cases (by cdk-nag) the matching controls flag. */
  readonly compliant: Tally;
  /** same: flags exactly the non-compliant cases; stricter: also compliant ones; looser: misses non-compliant ones. */
  readonly relation: Relation;
  readonly cases: CaseResult[];
}

export interface CaseComparison {
  /** Every rule of the pack, in the pack's order. */
  readonly rules: RuleComparison[];
  /** Totals over the rules that have a matching control. */
  readonly nonCompliant: Tally;
  readonly compliant: Tally;
  readonly rulesWithoutControl: string[];
  /** Cases cdk-nag does not judge as they say, or that did not build. */
  readonly wrongCases: CaseResult[];
  /** Cases whose rule is not in the pack. */
  readonly unknownRuleCases: NagCase[];
  /** Rules of the pack with fewer than one compliant and one non-compliant case. */
  readonly thinRules: string[];
  readonly caseCount: number;
}

function tally(results: readonly CaseResult[]): Tally {
  return {
    flagged: results.filter((r) => flags(r.control)).length,
    failed: results.filter((r) => r.control === 'FAIL').length,
    unverifiable: results.filter((r) => r.control === 'UNVERIFIABLE').length,
    total: results.length,
  };
}

function sum(tallies: readonly Tally[]): Tally {
  return tallies.reduce((a, t) => ({
    flagged: a.flagged + t.flagged, failed: a.failed + t.failed, unverifiable: a.unverifiable + t.unverifiable, total: a.total + t.total,
  }), { flagged: 0, failed: 0, unverifiable: 0, total: 0 });
}

/** The construct at a path relative to `stack`, or undefined. */
function findRelative(stack: Stack, relative: string): IConstruct | undefined {
  let node: IConstruct | undefined = stack;
  for (const id of relative.split('/')) node = node?.node.tryFindChild(id);
  return node;
}

/** Whether a template value holds a Ref or Fn::GetAtt of `logicalId`. */
function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentions(v, logicalId));
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (o.Ref === logicalId) return true;
  const att = o['Fn::GetAtt'];
  if (Array.isArray(att) ? att[0] === logicalId : typeof att === 'string' && att.split('.')[0] === logicalId) return true;
  return Object.values(o).some((v) => mentions(v, logicalId));
}

/** Construct paths of the resources of `stack` that `target` references in its properties, or that reference it. */
function relatedPaths(stack: Stack, template: any, target: CfnResource): Set<string> {
  const resources: Record<string, any> = template?.Resources ?? {};
  const paths = new Map<string, string>();
  for (const node of stack.node.findAll()) {
    if (CfnResource.isCfnResource(node)) paths.set(stack.resolve(node.logicalId), node.node.path);
  }
  const own = stack.resolve(target.logicalId) as string;
  const related = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (id === own) continue;
    const linked = mentions(resources[own]?.Properties, id) || mentions(resource?.Properties, own);
    if (linked && paths.has(id)) related.add(paths.get(id)!);
  }
  return related;
}

/**
 * Builds each case in a stack of its own app (controls read across the app: a backup selection of `*`
 * in one case would cover the tables of every other), synthesizes it with HipaaAspect, runs cdk-nag.
 */
function judgeCase(c: NagCase, outdir: string): CaseResult {
  const base = { rule: c.rule, compliant: c.compliant, title: c.title };
  const failed = (error: string): CaseResult => ({ ...base, path: '', nag: 'not-applicable', nagAgrees: false, control: 'NONE', judgedElsewhere: false, error });
  const app = new App({ builtinCloudFormationValidation: false, outdir });
  const stack = new Stack(app, c.rule, { env: ENV });
  let target: IConstruct | undefined;
  try {
    const relative = c.build(stack);
    target = findRelative(stack, relative);
    if (!target || !CfnResource.isCfnResource(target)) return failed(`no CloudFormation resource at '${relative}' in the case's stack`);
  } catch (e) {
    return failed(`build failed: ${(e as Error).message}`);
  }
  const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
  let template: any;
  try {
    template = app.synth().getStackArtifact(stack.artifactId).template;
  } catch (e) {
    return failed(`synth failed: ${(e as Error).message}`);
  }
  const judged = target.node.path;
  const verdicts = runNag(stack).checks.verdicts;
  const nag = verdicts.get(`${judged}|${c.rule}`) ?? 'not-applicable';
  const ids = new Set(matchingControls(c.rule));
  const matching = aspect.findings.filter((f) => ids.has(f.controlId));
  const own = matching.filter((f) => f.constructPath === judged);
  const elsewhere = own.length === 0;
  // when no matching control judges the resource (none applies to its type, or each is N/A on it, as S3.TlsOnly on
  // the policy of a bucket of the app), the verdict is theirs on the case's other resources: those cdk-nag does not
  // judge by this rule (the launch template of a group), and those the judged resource references or is referenced by
  // when cdk-nag judges them as it judges the judged resource (the bucket of a bucket policy, which carries the verdict
  // the policy leaves to it; not the cluster of an Aurora writer that cdk-nag passes while failing the cluster)
  const unjudged = (f: HipaaFinding) => (verdicts.get(`${f.constructPath}|${c.rule}`) ?? 'not-applicable') === 'not-applicable';
  const related = relatedPaths(stack, template, target as CfnResource);
  const sameVerdict = (f: HipaaFinding) => related.has(f.constructPath) && verdicts.get(`${f.constructPath}|${c.rule}`) === nag;
  const findings = elsewhere ? matching.filter((f) => unjudged(f) || sameVerdict(f)) : own;
  return {
    ...base,
    path: judged,
    nag,
    nagAgrees: nag === (c.compliant ? 'compliant' : 'non-compliant'),
    control: verdictOf(findings),
    judgedElsewhere: elsewhere && findings.length > 0,
  };
}

function relationOf(controls: readonly string[], nonCompliant: Tally, compliant: Tally): Relation {
  if (controls.length === 0) return 'no matching control';
  const stricter = compliant.flagged > 0;
  const looser = nonCompliant.flagged < nonCompliant.total;
  return stricter && looser ? 'stricter and looser' : stricter ? 'stricter' : looser ? 'looser' : 'same';
}

/** Judges every case (by default scripts/nag-cases/) and compares the engines rule by rule over the whole pack. */
export function compareCases(cases: readonly NagCase[] = ALL_CASES): CaseComparison {
  const rules = hipaaRules();
  const known = new Set(rules);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-cases-'));
  let results: CaseResult[];
  try {
    results = cases.filter((c) => known.has(c.rule)).map((c) => judgeCase(c, outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const comparisons = rules.map((rule): RuleComparison => {
    const mine = results.filter((r) => r.rule === rule && !r.error);
    const controls = matchingControls(rule);
    const nonCompliant = tally(mine.filter((r) => !r.compliant));
    const compliant = tally(mine.filter((r) => r.compliant));
    const relation = relationOf(controls, nonCompliant, compliant);
    return { rule, controls, nonCompliant, compliant, relation, cases: results.filter((r) => r.rule === rule) };
  });
  const matched = comparisons.filter((r) => r.controls.length > 0);
  return {
    rules: comparisons,
    nonCompliant: sum(matched.map((r) => r.nonCompliant)),
    compliant: sum(matched.map((r) => r.compliant)),
    rulesWithoutControl: comparisons.filter((r) => r.controls.length === 0).map((r) => r.rule),
    wrongCases: results.filter((r) => !r.nagAgrees),
    unknownRuleCases: cases.filter((c) => !known.has(c.rule)),
    thinRules: comparisons.filter((r) => r.nonCompliant.total < 1 || r.compliant.total < 1).map((r) => r.rule),
    caseCount: results.length,
  };
}

/**
 * The `control|rule` keys that explain a rule's disagreement: those of EXPLANATIONS among the
 * controls that flagged a compliant case or, for a missed non-compliant case, among all matching
 * controls. Empty for an unexplained disagreement (and for a rule without one).
 */
export function explanationKeys(r: RuleComparison): string[] {
  return r.controls.map((c) => `${c}|${r.rule}`).filter((k) => EXPLANATIONS[k]);
}

/** Rules whose matching controls disagree with cdk-nag on some case and no EXPLANATIONS entry says why. */
export function unexplainedRules(comparison: CaseComparison): string[] {
  return comparison.rules
    .filter((r) => r.relation !== 'same' && r.relation !== 'no matching control' && explanationKeys(r).length === 0)
    .map((r) => r.rule);
}

/* ------------------------------------------------------------------------------------------ */
/* Corpus                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Plain aws-cdk-lib resources with their defaults, and a few with common mistakes. */
function buildCorpus(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const key = new kms.Key(stack, 'Key');
  new kms.Key(stack, 'RotatedKey', { enableKeyRotation: true });
  new s3.Bucket(stack, 'DefaultBucket');
  new s3.Bucket(stack, 'KmsManagedBucket', { encryption: s3.BucketEncryption.KMS_MANAGED, enforceSSL: true, versioned: true });
  new s3.Bucket(stack, 'CustomerKeyBucket', { encryptionKey: key, enforceSSL: true, versioned: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  new logs.LogGroup(stack, 'DefaultLogGroup');
  new logs.LogGroup(stack, 'EncryptedLogGroup', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
  new sns.Topic(stack, 'DefaultTopic');
  new sns.Topic(stack, 'EncryptedTopic', { masterKey: key });
  new sqs.Queue(stack, 'DefaultQueue');
  new ec2.Volume(stack, 'DefaultVolume', { availabilityZone: vpc.availabilityZones[0], size: Size.gibibytes(10) });
  new ec2.Volume(stack, 'EncryptedVolume', { availabilityZone: vpc.availabilityZones[0], size: Size.gibibytes(10), encrypted: true, encryptionKey: key });
  new dynamodb.Table(stack, 'DefaultTable', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new rds.DatabaseInstance(stack, 'DefaultDatabase', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }), vpc,
  });
  new rds.DatabaseInstance(stack, 'EncryptedDatabase', {
    engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
    vpc,
    storageEncryptionKey: key,
    multiAz: true,
    deletionProtection: true,
    backupRetention: Duration.days(14),
    removalPolicy: RemovalPolicy.SNAPSHOT,
    cloudwatchLogsExports: ['error'],
  });
  new efs.FileSystem(stack, 'DefaultFileSystem', { vpc });
  new secretsmanager.Secret(stack, 'DefaultSecret');
  new lambda.Function(stack, 'DefaultFunction', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  new cloudtrail.Trail(stack, 'DefaultTrail');
  const sg = new ec2.SecurityGroup(stack, 'OpenSecurityGroup', { vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(5432));
}

/** One resource of the corpus on which the two engines disagree about one rule. */
export interface Disagreement {
  /** The matching controls that judged the resource. */
  readonly controls: string[];
  readonly nagRule: string;
  readonly resourceType: string;
  readonly path: string;
  /** Which engine reports a problem. */
  readonly failsIn: 'cdk-hipaa' | 'cdk-nag';
}

export interface Comparison {
  readonly disagreements: Disagreement[];
  /** How many (resource, rule) pairs were compared. */
  readonly compared: number;
}

/**
 * Builds the corpus once and compares the engines on it (acknowledgements ignored by both): for
 * every resource and every rule cdk-nag applied to it that a control matches, cdk-nag's verdict
 * against the matching controls' (FAIL or UNVERIFIABLE on any of them flags the resource).
 */
export function compareWithNag(): Comparison {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Corpus', { env: ENV });
  buildCorpus(stack);
  const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
  app.synth();
  const { checks } = runNag(stack);

  const findings = new Map<string, HipaaFinding[]>();
  for (const f of aspect.findings) findings.set(f.constructPath, [...findings.get(f.constructPath) ?? [], f]);
  const matches = new Map(checks.rules.map((rule) => [rule, new Set(matchingControls(rule))]));
  const disagreements: Disagreement[] = [];
  let compared = 0;
  for (const [key, verdict] of checks.verdicts) {
    if (verdict === 'not-applicable') continue;
    const [resourcePath, rule] = key.split('|');
    const judged = (findings.get(resourcePath) ?? []).filter((f) => matches.get(rule)!.has(f.controlId));
    if (judged.length === 0) continue;
    compared++;
    const hipaaFails = flags(verdictOf(judged));
    if (hipaaFails !== (verdict === 'non-compliant')) {
      disagreements.push({
        controls: judged.filter((f) => flags(verdictOf([f])) === hipaaFails).map((f) => f.controlId),
        nagRule: rule,
        resourceType: judged[0].resourceType,
        path: resourcePath,
        failsIn: hipaaFails ? 'cdk-hipaa' : 'cdk-nag',
      });
    }
  }
  return {
    disagreements: disagreements.sort((a, b) => `${a.nagRule}${a.path}`.localeCompare(`${b.nagRule}${b.path}`)),
    compared,
  };
}

/** The EXPLANATIONS keys that explain a corpus disagreement (empty when none does). */
export function corpusExplanationKeys(d: Disagreement): string[] {
  return matchingControls(d.nagRule).map((c) => `${c}|${d.nagRule}`).filter((k) => EXPLANATIONS[k]);
}

/* ------------------------------------------------------------------------------------------ */
/* docs/cdk-nag-comparison.md                                                                  */
/* ------------------------------------------------------------------------------------------ */

const cell = (s: string) => s.replace(/\|/g, '\\|');
const ratio = (t: Tally) => `${t.flagged}/${t.total}${t.unverifiable ? ` (${t.unverifiable} unverifiable)` : ''}`;
const percent = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((100 * n) / d)}%`);

/** The whole of docs/cdk-nag-comparison.md. */
export function comparisonMarkdown(cases: CaseComparison = compareCases(), corpus: Comparison = compareWithNag()): string {
  const controls = HipaaControls.all();
  const rows = cases.rules.map((r) => {
    const why = r.controls.length === 0 ? NAG_ONLY_NOTES[r.rule] ?? 'UNEXPLAINED'
      : r.relation === 'same' ? '' : explanationKeys(r).map((k) => EXPLANATIONS[k]).join(' ') || 'UNEXPLAINED';
    const matched = r.controls.map((c) => `\`${c}\``).join('<br>') || '-';
    return `| ${r.rule} | ${matched} | ${r.relation} | ${cell(why)} | ${ratio(r.nonCompliant)} | ${ratio(r.compliant)} |`;
  });
  const differing = cases.rules.flatMap((r) => r.cases
    .filter((c) => r.controls.length > 0 && !c.error && flags(c.control) === c.compliant)
    .map((c) => `| ${r.rule} | ${cell(c.title)} | ${c.compliant ? 'compliant' : 'non-compliant'} | ${c.control === 'NONE' ? 'no verdict' : c.control}${c.judgedElsewhere ? ' (on a related resource)' : ''} |`));
  const groups = new Map<string, { controls: Set<string>; rule: string; failsIn: string; types: Set<string>; count: number; why: string }>();
  for (const d of corpus.disagreements) {
    const key = `${d.nagRule}|${d.failsIn}`;
    const why = corpusExplanationKeys(d).map((k) => EXPLANATIONS[k]).join(' ') || 'UNEXPLAINED';
    const g = groups.get(key) ?? { controls: new Set<string>(), rule: d.nagRule, failsIn: d.failsIn, types: new Set<string>(), count: 0, why };
    d.controls.forEach((c) => g.controls.add(c));
    g.types.add(d.resourceType);
    g.count++;
    groups.set(key, g);
  }
  const nc = cases.nonCompliant;
  const co = cases.compliant;
  const matchedRules = cases.rules.length - cases.rulesWithoutControl.length;
  return [
    '# cdk-hipaa and cdk-nag\'s HIPAA Security pack, side by side',
    '',
    '<!-- Generated by scripts/docs.ts (scripts/nag-comparison.ts). Do not edit. -->',
    '',
    `cdk-nag's HIPAA Security pack has ${cases.rules.length} rules. For each rule, scripts/nag-cases/ holds resources cdk-nag`,
    'judges compliant and resources it judges non-compliant; each is built in its own stack and judged by both engines.',
    'A control flags a case when it reports FAIL or UNVERIFIABLE on the resource cdk-nag judges (or, when no matching',
    'control applies to that resource, on the case\'s other resources, e.g. the launch template of an Auto Scaling group).',
    'test/aspect/nag-comparison.test.ts fails when cdk-nag does not judge a case as it says, when a rule has no compliant',
    'or no non-compliant case, and when a control disagrees with its rule or a rule has no control without a reason here.',
    '',
    '## Overall',
    '',
    `- ${matchedRules} of the ${cases.rules.length} rules have a matching control; ${cases.rulesWithoutControl.length} ${cases.rulesWithoutControl.length === 1 ? 'has' : 'have'} none` +
      (cases.rulesWithoutControl.length ? ` (${cases.rulesWithoutControl.join(', ')}).` : '.'),
    `- ${cases.caseCount} cases. On the rules with a matching control, the controls flag ${nc.flagged} of ${nc.total} non-compliant cases`
      + ` (${percent(nc.flagged, nc.total)}; ${nc.failed} FAIL, ${nc.unverifiable} UNVERIFIABLE)`,
    `  and ${co.flagged} of ${co.total} compliant cases (${percent(co.flagged, co.total)}; ${co.failed} FAIL, ${co.unverifiable} UNVERIFIABLE).`,
    `- Relations: ${(['same', 'stricter', 'looser', 'stricter and looser', 'no matching control'] as Relation[])
      .map((rel) => `${cases.rules.filter((r) => r.relation === rel).length} ${rel}`).join(', ')}.`,
    '',
    '## Rule by rule',
    '',
    'Relation: *same* flags exactly the cases cdk-nag fails; *stricter* also flags cases cdk-nag passes; *looser* misses',
    'cases cdk-nag fails. The case columns count the cases the matching controls flag (FAIL or UNVERIFIABLE).',
    '',
    '| cdk-nag rule | matching control | relation | why they differ | non-compliant cases flagged | compliant cases flagged |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Cases on which they differ',
    '',
    '| cdk-nag rule | case | cdk-nag | matching control |',
    '|---|---|---|---|',
    ...differing,
    '',
    '## On a corpus of plain resources',
    '',
    'Both engines also run over one stack of plain aws-cdk-lib resources (defaults and common mistakes, see',
    `scripts/nag-comparison.ts): ${corpus.compared} (resource, rule) pairs, ${corpus.disagreements.length} disagreements.`,
    '',
    '| cdk-nag rule | control | fails only in | resources | why |',
    '|---|---|---|---|---|',
    ...[...groups.values()].map((g) => {
      const ids = [...g.controls].map((c) => `\`${c}\``).join('<br>');
      return `| ${g.rule} | ${ids} | ${g.failsIn} | ${g.count} (${[...g.types].join(', ')}) | ${cell(g.why)} |`;
    }),
    '',
    '## Controls cdk-nag\'s pack does not have',
    '',
    `${controls.filter((c) => !c.nagRule).length} of the ${controls.length} controls have no counterpart in the pack (the "new" rows of [controls.md](controls.md)):`,
    'customer-managed rather than AWS-managed keys, KMS key rotation and retention, six-year log retention, S3 deny-wrong-encryption-header',
    'policies, RDS TLS through parameter groups, CloudTrail multi-region and logging, stateful stores left with DeletionPolicy Delete,',
    'PHI data protection policies on log groups and services outside AWS\'s HIPAA-eligible list, among others.',
    '',
  ].join('\n');
}
