import { Stack } from 'aws-cdk-lib';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { NagCase } from './types';

/**
 * A two-node Redshift cluster (AWS::Redshift::Cluster; aws-cdk-lib has no L2) that meets every rule
 * of the pack except where `props` overrides a property; `undefined` in `props` removes it.
 */
function cluster(stack: Stack, props: Partial<redshift.CfnClusterProps> = {}): string {
  const params = new redshift.CfnClusterParameterGroup(stack, 'Params', {
    description: 'TLS only',
    parameterGroupFamily: 'redshift-1.0',
    parameters: [{ parameterName: 'require_ssl', parameterValue: 'true' }],
  });
  new redshift.CfnCluster(stack, 'Cluster', {
    clusterType: 'multi-node',
    numberOfNodes: 2,
    nodeType: 'ra3.xlplus',
    dbName: 'claims',
    masterUsername: 'admin_user',
    manageMasterPassword: true,
    encrypted: true,
    kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    loggingProperties: { logDestinationType: 'cloudwatch', logExports: ['connectionlog', 'userlog', 'useractivitylog'] },
    publiclyAccessible: false,
    enhancedVpcRouting: true,
    automatedSnapshotRetentionPeriod: 7,
    preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    allowVersionUpgrade: true,
    clusterParameterGroupName: params.ref,
    ...props,
  });
  return 'Cluster';
}

const BACKUP: NagCase[] = [
  {
    rule: 'RedshiftBackupEnabled',
    compliant: true,
    title: 'snapshots kept 7 days',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftBackupEnabled',
    compliant: true,
    title: 'retention not set (service default of one day)',
    build: (stack) => cluster(stack, { automatedSnapshotRetentionPeriod: undefined }),
  },
  {
    rule: 'RedshiftBackupEnabled',
    compliant: false,
    title: 'automated snapshots off (retention 0)',
    build: (stack) => cluster(stack, { automatedSnapshotRetentionPeriod: 0 }),
  },
];

const CONFIGURATION: NagCase[] = [
  {
    rule: 'RedshiftClusterConfiguration',
    compliant: true,
    title: 'encrypted, audit logs to CloudWatch Logs',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftClusterConfiguration',
    compliant: true,
    title: 'encrypted, audit logs to an S3 bucket',
    build: (stack) => cluster(stack, { loggingProperties: { bucketName: 'redshift-audit-logs', s3KeyPrefix: 'claims/' } }),
  },
  {
    rule: 'RedshiftClusterConfiguration',
    compliant: false,
    title: 'encrypted but no audit logging',
    build: (stack) => cluster(stack, { loggingProperties: undefined }),
  },
  {
    rule: 'RedshiftClusterConfiguration',
    compliant: false,
    title: 'audit logging but Encrypted not set',
    build: (stack) => cluster(stack, { encrypted: undefined, kmsKeyId: undefined }),
  },
  {
    rule: 'RedshiftClusterConfiguration',
    compliant: false,
    title: 'audit logging with Encrypted false',
    build: (stack) => cluster(stack, { encrypted: false, kmsKeyId: undefined }),
  },
];

const MAINTENANCE: NagCase[] = [
  {
    rule: 'RedshiftClusterMaintenanceSettings',
    compliant: true,
    title: 'maintenance window, version upgrades and snapshots on',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftClusterMaintenanceSettings',
    compliant: true,
    title: 'maintenance window set, upgrade flag and retention left to defaults',
    build: (stack) => cluster(stack, { allowVersionUpgrade: undefined, automatedSnapshotRetentionPeriod: undefined }),
  },
  {
    rule: 'RedshiftClusterMaintenanceSettings',
    compliant: false,
    title: 'no preferred maintenance window',
    build: (stack) => cluster(stack, { preferredMaintenanceWindow: undefined }),
  },
  {
    rule: 'RedshiftClusterMaintenanceSettings',
    compliant: false,
    title: 'version upgrades off',
    build: (stack) => cluster(stack, { allowVersionUpgrade: false }),
  },
  {
    rule: 'RedshiftClusterMaintenanceSettings',
    compliant: false,
    title: 'automated snapshots off',
    build: (stack) => cluster(stack, { automatedSnapshotRetentionPeriod: 0 }),
  },
];

const PUBLIC_ACCESS: NagCase[] = [
  {
    rule: 'RedshiftClusterPublicAccess',
    compliant: true,
    title: 'PubliclyAccessible false',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftClusterPublicAccess',
    compliant: true,
    title: 'PubliclyAccessible not set (service default false)',
    build: (stack) => cluster(stack, { publiclyAccessible: undefined }),
  },
  {
    rule: 'RedshiftClusterPublicAccess',
    compliant: false,
    title: 'PubliclyAccessible true',
    build: (stack) => cluster(stack, { publiclyAccessible: true }),
  },
];

const ENHANCED_VPC_ROUTING: NagCase[] = [
  {
    rule: 'RedshiftEnhancedVPCRoutingEnabled',
    compliant: true,
    title: 'enhanced VPC routing on',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftEnhancedVPCRoutingEnabled',
    compliant: false,
    title: 'enhanced VPC routing not set',
    build: (stack) => cluster(stack, { enhancedVpcRouting: undefined }),
  },
  {
    rule: 'RedshiftEnhancedVPCRoutingEnabled',
    compliant: false,
    title: 'enhanced VPC routing false',
    build: (stack) => cluster(stack, { enhancedVpcRouting: false }),
  },
];

const REQUIRE_TLS: NagCase[] = [
  {
    rule: 'RedshiftRequireTlsSSL',
    compliant: true,
    title: 'parameter group in the stack sets require_ssl true',
    build: (stack) => cluster(stack),
  },
  {
    rule: 'RedshiftRequireTlsSSL',
    compliant: true,
    title: 'require_ssl among other parameters, in upper case',
    build: (stack) => {
      const params = new redshift.CfnClusterParameterGroup(stack, 'TlsParams', {
        description: 'TLS and activity logging',
        parameterGroupFamily: 'redshift-1.0',
        parameters: [
          { parameterName: 'enable_user_activity_logging', parameterValue: 'true' },
          { parameterName: 'require_ssl', parameterValue: 'TRUE' },
        ],
      });
      return cluster(stack, { clusterParameterGroupName: params.ref });
    },
  },
  {
    rule: 'RedshiftRequireTlsSSL',
    compliant: false,
    title: 'default parameter group (no ClusterParameterGroupName)',
    build: (stack) => cluster(stack, { clusterParameterGroupName: undefined }),
  },
  {
    rule: 'RedshiftRequireTlsSSL',
    compliant: false,
    title: 'parameter group with require_ssl false',
    build: (stack) => {
      const params = new redshift.CfnClusterParameterGroup(stack, 'PlainParams', {
        description: 'TLS optional',
        parameterGroupFamily: 'redshift-1.0',
        parameters: [{ parameterName: 'require_ssl', parameterValue: 'false' }],
      });
      return cluster(stack, { clusterParameterGroupName: params.ref });
    },
  },
  {
    rule: 'RedshiftRequireTlsSSL',
    compliant: false,
    title: 'parameter group named by a literal string, not a reference',
    build: (stack) => cluster(stack, { clusterParameterGroupName: 'claims-tls-params' }),
  },
];

export const CASES: readonly NagCase[] = [
  ...BACKUP,
  ...CONFIGURATION,
  ...MAINTENANCE,
  ...PUBLIC_ACCESS,
  ...ENHANCED_VPC_ROUTING,
  ...REQUIRE_TLS,
];
