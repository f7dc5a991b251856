import { Annotations, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { createChangeDetection } from './change-detection';
import { allowAccountUseThroughEc2, EC2_KEY_ACTIONS } from '../../ec2/key-access';
import { allowPublishers, CLOUDWATCH_PUBLISHER } from '../../internal/topic-publishers';
import { HipaaKey } from '../../kms/hipaa-key';
import { CentralLogGroup } from '../../logs/central-log-group';

/** The settings every HipaaInstance and HipaaLaunchTemplate shares. */
export const HOST_DEFAULTS = {
  rootDeviceName: '/dev/xvda',
  rootVolumeGiB: 20,
  volumeType: ec2.EbsDeviceVolumeType.GP3,
  dataDeviceName: '/dev/sdf',
  dataMountPath: '/data',
  logGroupPrefix: '/hipaa/ec2/',
  metricNamespacePrefix: 'CdkHipaa/Host/',
  sessionDocumentPrefix: 'HipaaSession-',
  /** Session Manager ends a session idle this long (automatic logoff, 45 CFR 164.312(a)(2)(iii)). */
  sessionIdleTimeout: Duration.minutes(15),
  inventorySchedule: 'rate(30 minutes)',
  inventoryDocument: 'AWS-GatherSoftwareInventory',
  /** The tag that names the instances of a launch template, for inventory, backup and session grants. */
  hostGroupTag: 'cdk-hipaa:host-group',
} as const;

/** AWS managed policies of the host role: Session Manager and the SSM agent, and the CloudWatch agent. */
export const HOST_ROLE_MANAGED_POLICIES = ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy'] as const;

/** Key actions an EC2 Auto Scaling service-linked role needs to launch instances with encrypted volumes. */

/**
 * Instance types that cannot be EBS-optimized (EC2 refuses `EbsOptimized: true` for them).
 * Every current-generation type is EBS-optimized by default, where `true` changes nothing.
 */
const NOT_EBS_OPTIMIZABLE = /^(t1|t2)\.|^(m1\.(small|medium)|m2\.xlarge|m3\.(medium|large)|c1\.medium|c3\.(large|8xlarge)|r3\.(large|8xlarge)|i2\.8xlarge|g2\.8xlarge|cc2\.8xlarge|cr1\.8xlarge|hi1\.4xlarge|hs1\.8xlarge)$/;

/** `EbsOptimized` for an instance type: true where the type allows it, undefined where it does not or is unknown. */
export function ebsOptimizedFor(instanceType: ec2.InstanceType | undefined): boolean | undefined {
  if (!instanceType) return undefined;
  const name = instanceType.toString();
  if (Token.isUnresolved(name) || NOT_EBS_OPTIMIZABLE.test(name)) return undefined;
  return true;
}

/** What a host (an instance, or the instances of a launch template) gets, whatever launches it. */
export interface HostEssentials {
  readonly encryptionKey: kms.IKey;
  readonly logGroup: CentralLogGroup;
  /** The log group's name, as a literal (the agent configuration and session document name it). */
  readonly logGroupName: string;
  readonly role: iam.Role;
  readonly topic: sns.ITopic;
  readonly sessionDocument: ssm.CfnDocument;
  readonly alarms: cloudwatch.Alarm[];
  /** A name unique to the construct, used in the log group, namespace and document names. */
  readonly uniqueName: string;
}

/** Options of {@link createHostEssentials}. */
export interface HostEssentialsOptions {
  readonly encryptionKey?: kms.IKey;
  readonly topic?: sns.ITopic;
  /** Names the host in descriptions, e.g. `instance TestStack/Server`. */
  readonly hostDescription: string;
}

/**
 * The key, the CentralLogGroup, the role (SSM and CloudWatch agent managed policies, the log
 * group's protection policy, decrypt for Session Manager), the alert topic, the Session Manager
 * document that logs sessions to the log group, and the change detection filters and alarms.
 */
export function createHostEssentials(scope: Construct, options: HostEssentialsOptions): HostEssentials {
  const uniqueName = Names.uniqueResourceName(scope, { maxLength: 100, separator: '-' });
  const encryptionKey = options.encryptionKey ?? new HipaaKey(scope, 'Key', {
    description: `Customer-managed key of the volumes, logs and alerts of ${options.hostDescription} (cdk-hipaa)`,
  });

  const logGroupName = `${HOST_DEFAULTS.logGroupPrefix}${uniqueName}`;
  const logGroup = new CentralLogGroup(scope, 'Logs', { encryptionKey, logGroupName });

  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: `Role of ${options.hostDescription}: Session Manager, SSM inventory and the CloudWatch agent (cdk-hipaa)`,
    managedPolicies: HOST_ROLE_MANAGED_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  // The host may write its logs but not delete them or shorten their retention.
  logGroup.protect(role);
  new iam.ManagedPolicy(scope, 'SessionPolicy', {
    description: 'Lets the host decrypt Session Manager session data encrypted with its key (cdk-hipaa)',
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [encryptionKey.keyArn] })],
  });

  const topic = options.topic ?? createAlertTopic(scope, encryptionKey, options.hostDescription);
  const sessionDocument = createSessionDocument(scope, `${HOST_DEFAULTS.sessionDocumentPrefix}${uniqueName}`, logGroup, encryptionKey);
  const alarms = createChangeDetection(scope, {
    logGroup: logGroup.logGroup,
    namespace: `${HOST_DEFAULTS.metricNamespacePrefix}${uniqueName}`,
    topic,
    hostDescription: options.hostDescription,
  });
  return { encryptionKey, logGroup, logGroupName, role, topic, sessionDocument, alarms, uniqueName };
}

/** An SNS topic encrypted with the key, which CloudWatch alarms of this account may publish to. */
function createAlertTopic(scope: Construct, key: kms.IKey, hostDescription: string): sns.Topic {
  const topic = new sns.Topic(scope, 'Topic', {
    displayName: `Changes on ${hostDescription}`.slice(0, 100),
    masterKey: key,
    enforceSSL: true,
  });
  const missing = allowPublishers(topic, [CLOUDWATCH_PUBLISHER]);
  if (missing.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-hipaa:Host.keyPolicy',
      `The key policy of encryptionKey cannot be changed from here; CloudWatch cannot publish alarms to the encrypted topic until it holds: ${missing.join(', ')}.`);
  }
  return topic;
}

/**
 * A Session Manager document (type `Session`) that streams every session to the log group,
 * refuses to start unless the log group is encrypted, encrypts session data with the key, runs
 * sessions as `ssm-user` and ends idle sessions.
 */
function createSessionDocument(scope: Construct, name: string, logGroup: CentralLogGroup, key: kms.IKey): ssm.CfnDocument {
  const document = new ssm.CfnDocument(scope, 'SessionDocument', {
    name,
    documentType: 'Session',
    documentFormat: 'JSON',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '1.0',
      description: 'Session Manager sessions logged to CloudWatch Logs and encrypted with the host key (cdk-hipaa)',
      sessionType: 'Standard_Stream',
      inputs: {
        s3BucketName: '',
        cloudWatchLogGroupName: logGroup.logGroupName,
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: key.keyArn,
        runAsEnabled: false,
        runAsDefaultUser: '',
        idleSessionTimeout: String(HOST_DEFAULTS.sessionIdleTimeout.toMinutes()),
        shellProfile: { linux: '', windows: '' },
      },
    },
  });
  return document;
}

/** The ARN of a Session Manager document of this account and region. */
export function sessionDocumentArn(scope: Construct, document: ssm.CfnDocument): string {
  return Stack.of(scope).formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref });
}

/** Where {@link grantStartSession} lets a principal start sessions. */
export interface SessionTarget {
  /** The instance ARNs (or `instance/*`) sessions may be started on. */
  readonly instanceArns: string[];
  /** Conditions on the instances, e.g. their host group tag. */
  readonly instanceConditions?: Record<string, Record<string, string>>;
  readonly document: ssm.CfnDocument;
  readonly encryptionKey: kms.IKey;
}

/**
 * Lets a principal start Session Manager sessions on the host with the host's session document
 * only (`ssm:SessionDocumentAccessCheck`), end and resume its own sessions, and encrypt session
 * data with the key.
 */
export function grantStartSession(scope: Construct, grantee: iam.IGrantable, target: SessionTarget): iam.Grant {
  const stack = Stack.of(scope);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['ssm:StartSession'],
    resourceArns: target.instanceArns,
    conditions: {
      ...target.instanceConditions,
      BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
    },
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['ssm:StartSession'],
    resourceArns: [sessionDocumentArn(scope, target.document)],
  })).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['ssm:TerminateSession', 'ssm:ResumeSession'],
    resourceArns: [stack.formatArn({ service: 'ssm', resource: 'session', resourceName: '${aws:userid}-*' })],
  })).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:GenerateDataKey'],
    resourceArns: [target.encryptionKey.keyArn],
  }));
}

/** An SSM association that gathers the software inventory of the targets every 30 minutes. */
export function createInventoryAssociation(scope: Construct, targets: ssm.CfnAssociation.TargetProperty[]): ssm.CfnAssociation {
  return new ssm.CfnAssociation(scope, 'SoftwareInventory', {
    name: HOST_DEFAULTS.inventoryDocument,
    scheduleExpression: HOST_DEFAULTS.inventorySchedule,
    targets,
  });
}

/**
 * Lets EC2 Auto Scaling use the key for the encrypted volumes of the instances it launches: any
 * principal of the account, through EC2 in this region, as the `aws/ebs` key allows. Naming the
 * service-linked role `AWSServiceRoleForAutoScaling` instead would make KMS refuse the key policy in
 * an account where Auto Scaling was never used (the role does not exist yet).
 */
export function allowAutoScalingToUseKey(scope: Construct, key: kms.IKey): void {
  if (allowAccountUseThroughEc2(Stack.of(scope), key)) return;
  Annotations.of(scope).addWarningV2('cdk-hipaa:Host.keyPolicy',
    `The key policy of encryptionKey cannot be changed from here; Auto Scaling cannot launch instances whose volumes are encrypted with it until it allows ${EC2_KEY_ACTIONS.join(', ')} `
    + 'to the account\'s principals through EC2 (conditions kms:CallerAccount and kms:ViaService ec2.<region>.amazonaws.com).');
}
