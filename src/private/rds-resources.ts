import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { EngineProfile } from './rds-engines';

/** Everything an EncryptedDatabase has decided, defaults applied, for the instance or cluster. */
export interface DatabaseSettings {
  readonly profile: EngineProfile;
  readonly identifier: string;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly parameterGroup: rds.IParameterGroup;
  readonly credentials: rds.Credentials;
  readonly encryptionKey: kms.IKey;
  readonly instanceType: ec2.InstanceType;
  readonly port?: number;
  readonly databaseName?: string;
  readonly removalPolicy: RemovalPolicy;
  readonly backupRetention: Duration;
  readonly deletionProtection: boolean;
  readonly monitoringInterval: Duration;
}

/** Instance-only settings. */
export interface InstanceSettings {
  readonly multiAz: boolean;
  readonly storageType: rds.StorageType;
  readonly allocatedStorage: number;
  readonly optionGroup?: rds.IOptionGroup;
}

/** The DB instance (child id `Instance`). */
export function createDatabaseInstance(
  scope: Construct, engine: rds.IInstanceEngine, s: DatabaseSettings, i: InstanceSettings,
): rds.DatabaseInstance {
  return new rds.DatabaseInstance(scope, 'Instance', {
    engine,
    instanceIdentifier: s.identifier,
    instanceType: s.instanceType,
    vpc: s.vpc,
    vpcSubnets: s.vpcSubnets,
    securityGroups: [s.securityGroup],
    publiclyAccessible: false,
    port: s.port,
    databaseName: s.databaseName,
    credentials: s.credentials,
    storageEncrypted: true,
    storageEncryptionKey: s.encryptionKey,
    storageType: i.storageType,
    allocatedStorage: i.allocatedStorage,
    parameterGroup: s.parameterGroup,
    optionGroup: i.optionGroup,
    iamAuthentication: s.profile.iamAuthentication,
    multiAz: i.multiAz,
    deletionProtection: s.deletionProtection,
    removalPolicy: s.removalPolicy,
    backupRetention: s.backupRetention,
    deleteAutomatedBackups: false,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    monitoringInterval: s.monitoringInterval,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: s.encryptionKey,
    cloudwatchLogsExports: [...s.profile.logExports],
  });
}

/** The Aurora cluster (child id `Cluster`) with a writer (`Writer`) and `readers` readers (`Reader1`, ...). */
export function createDatabaseCluster(scope: Construct, engine: rds.IClusterEngine, s: DatabaseSettings, readers: number): rds.DatabaseCluster {
  const instanceProps: rds.ProvisionedClusterInstanceProps = {
    instanceType: s.instanceType,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: s.encryptionKey,
  };
  return new rds.DatabaseCluster(scope, 'Cluster', {
    engine,
    clusterIdentifier: s.identifier,
    writer: rds.ClusterInstance.provisioned('Writer', instanceProps),
    readers: Array.from({ length: readers }, (_, n) => rds.ClusterInstance.provisioned(`Reader${n + 1}`, instanceProps)),
    vpc: s.vpc,
    vpcSubnets: s.vpcSubnets,
    securityGroups: [s.securityGroup],
    port: s.port,
    defaultDatabaseName: s.databaseName,
    credentials: s.credentials,
    storageEncrypted: true,
    storageEncryptionKey: s.encryptionKey,
    parameterGroup: s.parameterGroup,
    iamAuthentication: s.profile.iamAuthentication,
    deletionProtection: s.deletionProtection,
    removalPolicy: s.removalPolicy,
    backup: { retention: s.backupRetention },
    deleteAutomatedBackups: false,
    copyTagsToSnapshot: true,
    monitoringInterval: s.monitoringInterval,
    cloudwatchLogsExports: [...s.profile.logExports],
  });
}

/**
 * Replaces the deploy-time port token of the ingress rules already on the security group (the
 * rotation function's, added by the L2) with the port itself.
 */
export function pinIngressPorts(securityGroup: ec2.ISecurityGroup, port: number): void {
  for (const child of securityGroup.node.findAll()) {
    if (child instanceof ec2.CfnSecurityGroupIngress && Token.isUnresolved(child.fromPort)) {
      child.fromPort = port;
      child.toPort = port;
    }
  }
}
