import { HipaaControls, HipaaSeverity } from '../../src';
import { CATALOG } from '../../src/controls/catalog';

const CITATION = /^164\.(308|310|312|314|316)\([a-z]\)(\(\d+\))?(\((i|ii|iii|iv|v|vi)\))?(\([A-Z]\))?$/;

/**
 * The inventory: every control id, in catalog order. Users acknowledge these ids, so one that
 * disappears or is renamed breaks their apps: change this list only with a deliberate
 * deprecation.
 */
const INVENTORY = [
  'KMS.KeyRotation', 'KMS.PendingWindow', 'KMS.KeyEnabled', 'KMS.KeyRetained', 'KMS.NoPublicAccess',
  'S3.DefaultEncryptionKms', 'S3.CustomerManagedKey', 'S3.PublicAccessBlock', 'S3.NoAcls',
  'S3.Versioning', 'S3.AccessLogging', 'S3.TlsOnly', 'S3.DenyWrongEncryptionHeader', 'S3.NoPublicWrite',
  'S3.Replication', 'S3.AuditLogObjectLock', 'S3.NoncurrentVersionLifecycle', 'S3.NoncurrentVersionRetention', 'S3.DataRetained',
  'S3.NoPublicReadPolicy',
  'EC2.VolumeEncrypted', 'EC2.VolumeCustomerManagedKey', 'EC2.DataRetained', 'EC2.BlockDevicesEncrypted',
  'EC2.Imdsv2Required', 'EC2.InstanceNoPublicIp', 'EC2.InstanceInVpc', 'EC2.InstanceProfileAttached', 'EC2.NoKeyPair',
  'EC2.EbsOptimized', 'EC2.DetailedMonitoring',
  'EC2.NoPublicAdminPorts', 'EC2.NoPublicDatabasePorts', 'EC2.NoPublicPlainHttp', 'EC2.VpcFlowLogs', 'EC2.SubnetNoAutoPublicIp',
  'EC2.NoUnrestrictedRouteToIgw', 'EC2.DefaultSecurityGroupClosed',
  'AutoScaling.LoadBalancerHealthCheck', 'AutoScaling.LaunchConfigNoPublicIp',
  'RDS.StorageEncrypted', 'RDS.CustomerManagedKey', 'RDS.NotPubliclyAccessible', 'RDS.PrivateSubnets',
  'RDS.BackupRetention', 'RDS.DeletionProtection', 'RDS.DataRetained', 'RDS.MultiAz',
  'RDS.LogExports', 'RDS.EnhancedMonitoring', 'RDS.AutoMinorVersionUpgrade', 'RDS.IamAuthentication',
  'RDS.PerformanceInsightsKey', 'RDS.TlsEnforced', 'DMS.ReplicationInstanceNotPublic', 'DynamoDB.CustomerManagedKey', 'DynamoDB.PointInTimeRecovery',
  'DynamoDB.DataRetained', 'EFS.Encrypted', 'EFS.CustomerManagedKey', 'EFS.DataRetained', 'EFS.FileSystemPolicyTlsOnly',
  'Transfer.NoPlaintextFtp', 'Transfer.SecurityPolicy', 'Transfer.Logging', 'Transfer.EndpointNotPublic',
  'WorkSpaces.VolumesEncrypted', 'WorkSpaces.CustomerManagedKey',
  'ElastiCache.EncryptionAtRest', 'ElastiCache.CustomerManagedKey', 'ElastiCache.InTransitEncryption', 'ElastiCache.AutomaticBackups',
  'ElastiCache.CacheClusterEncrypted', 'ElastiCache.AuthEnabled', 'Redshift.Encrypted', 'Redshift.CustomerManagedKey', 'Redshift.NotPubliclyAccessible',
  'Redshift.AuditLogging', 'Redshift.BackupRetention', 'Redshift.TlsRequired',
  'Redshift.MaintenanceSettings', 'Redshift.EnhancedVpcRouting', 'Redshift.DataRetained',
  'EMR.KerberosEnabled', 'EMR.EncryptionAtRest', 'EMR.EncryptionInTransit',
  'Backup.VaultCustomerManagedKey', 'Backup.ResourceInPlan', 'Backup.InstanceInPlan', 'Backup.RetentionMinimum', 'General.HipaaEligibleService',
  'General.SamResourceExpanded', 'General.DeployedTemplateChecked', 'General.NoPlaintextSecrets',
  'SNS.CustomerManagedKey', 'SNS.TlsOnly', 'SNS.NoPublicAccess', 'SQS.CustomerManagedKey', 'SQS.TlsOnly', 'SQS.NoPublicAccess',
  'Logs.CustomerManagedKey', 'Logs.RetentionSixYears', 'Logs.DataRetained', 'Logs.DataProtectionPolicy', 'Logs.PhiMasking',
  'CloudTrail.Encrypted', 'CloudTrail.LogFileValidation', 'CloudTrail.CloudWatchLogs', 'CloudTrail.MultiRegion',
  'CloudTrail.ManagementEvents', 'CloudTrail.Logging', 'CloudWatch.AlarmAction', 'SecretsManager.CustomerManagedKey', 'SecretsManager.Rotation',
  'OpenSearch.EncryptedAtRest', 'OpenSearch.CustomerManagedKey', 'OpenSearch.NodeToNodeEncryption', 'OpenSearch.TlsEnforced',
  'OpenSearch.InVpc', 'OpenSearch.ApplicationLogs', 'OpenSearch.AuditLogs', 'Kinesis.StreamEncrypted',
  'Firehose.Encrypted', 'Lambda.EnvironmentCustomerKey', 'Lambda.InsideVpc', 'Lambda.DeadLetterQueue',
  'Lambda.ReservedConcurrency', 'Lambda.NoPublicInvoke', 'Lambda.FunctionUrlAuth', 'Lambda.ServicePermissionScoped',
  'ECS.EfsTransitEncryption', 'ECS.HostModeNonRootUser',
  'EKS.SecretsEncrypted', 'EKS.EndpointNotPublic', 'EKS.ControlPlaneLogging', 'StepFunctions.Logging',
  'SageMaker.NotebookCustomerManagedKey',
  'SageMaker.NotebookNoDirectInternet', 'SageMaker.EndpointConfigCustomerManagedKey', 'SageMaker.ModelInVpc',
  'SageMaker.ModelNetworkIsolation', 'SageMaker.DomainCustomerManagedKey', 'SageMaker.DomainVpcOnly',
  'Bedrock.CustomerManagedKey', 'Bedrock.ConfigCustomerManagedKey',
  'ELB.AccessLogs', 'ELB.ListenerEncrypted', 'ELB.AcmCertificate', 'ELB.CrossZone', 'ELBv2.ListenerEncrypted',
  'ELBv2.ListenerTlsPolicy', 'ELBv2.AccessLogs', 'ELBv2.DropInvalidHeaders', 'ELBv2.AcmCertificate', 'ELBv2.DeletionProtection',
  'ElasticBeanstalk.EnhancedHealth', 'ElasticBeanstalk.ManagedUpdates',
  'APIGateway.ExecutionLogging', 'APIGateway.AccessLogging',
  'APIGateway.CacheEncrypted', 'APIGateway.ClientCertificate', 'APIGateway.DomainTlsPolicy', 'APIGateway.HttpApiAccessLogging', 'APIGateway.XrayTracing',
  'APIGateway.MethodAuthorization', 'APIGateway.RouteAuthorization',
  'AppSync.RequestLogging', 'AppSync.NoApiKeyDefault', 'AppSync.CacheEncrypted', 'WAFv2.Logging',
  'CodeBuild.NoPlaintextAwsCredentials', 'CodeBuild.SourceNoCredentialsInUrl',
  'IAM.PasswordPolicy', 'IAM.PasswordReuse', 'IAM.PasswordMaxAge', 'IAM.AccessKeyRotation', 'IAM.AccessKeyUnused',
  'IAM.NoAdminAccess', 'IAM.NoFullServiceAccess', 'IAM.NoInlinePolicy', 'IAM.UserNoPolicies', 'IAM.UserGroupMembership', 'IAM.GroupHasUsers',
  'Cognito.MfaEnabled', 'Cognito.MfaRequired', 'Cognito.ThreatProtection', 'Cognito.PasswordPolicy',
  'SSM.SoftwareInventory',
  'ECR.ScanOnPush', 'ECR.TagImmutability', 'ECR.CustomerManagedKey', 'ECR.NoPublicAccess',
  'DocDB.StorageEncrypted', 'DocDB.CustomerManagedKey', 'DocDB.TlsEnforced', 'DocDB.AuditLogs', 'DocDB.BackupRetention',
  'DocDB.DeletionProtection', 'DocDB.DataRetained',
  'Neptune.StorageEncrypted', 'Neptune.CustomerManagedKey', 'Neptune.IamAuthentication', 'Neptune.AuditLogs', 'Neptune.BackupRetention',
  'Neptune.DeletionProtection', 'Neptune.DataRetained', 'Neptune.InstanceNotPublic',
  'MSK.CustomerManagedKey', 'MSK.TlsInTransit', 'MSK.ClientAuthentication', 'MSK.NotPublic', 'MSK.BrokerLogs',
  'AmazonMQ.NotPubliclyAccessible', 'AmazonMQ.CustomerManagedKey', 'AmazonMQ.Logging', 'DAX.EncryptedAtRest', 'DAX.TlsEndpoint',
  'CloudFront.ViewerTlsPolicy', 'CloudFront.ViewerHttps', 'CloudFront.OriginHttps', 'CloudFront.AccessLogging', 'CloudFront.S3OriginAccessControl',
  'Glue.S3Encryption', 'Glue.CloudWatchEncryption', 'Glue.JobBookmarksEncryption', 'Glue.SecurityConfigurationAttached', 'Glue.DataCatalogEncrypted',
  'Glue.ConnectionPasswordEncrypted',
  'Athena.ResultsEncrypted', 'Athena.EnforceWorkGroupConfiguration',
  'Timestream.CustomerManagedKey', 'Timestream.RejectedRecordsEncrypted', 'Timestream.InfluxDbNotPublic', 'Timestream.DataRetained',
  'QLDB.CustomerManagedKey', 'QLDB.DeletionProtection', 'QLDB.StreamTargetEncrypted', 'QLDB.DataRetained',
];

describe('the control catalog', () => {
  test('pins the inventory of control ids', () => {
    expect(CATALOG.map((c) => c.id)).toEqual(INVENTORY);
  });

  test('ids are unique and of the form <Service>.<Name>', () => {
    const ids = CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$/);
  });

  test('every control has a title, resource types, 45 CFR citations, a severity and a one-sentence fix', () => {
    for (const c of CATALOG) {
      expect([c.id, c.title.length > 5]).toEqual([c.id, true]);
      expect([c.id, c.resourceTypes.length > 0]).toEqual([c.id, true]);
      for (const t of c.resourceTypes) expect([c.id, t]).toEqual([c.id, expect.stringMatching(/^(\*|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9-]+)$/)]);
      expect([c.id, c.citations.length > 0]).toEqual([c.id, true]);
      for (const citation of c.citations) expect([c.id, citation]).toEqual([c.id, expect.stringMatching(CITATION)]);
      expect(Object.values(HipaaSeverity)).toContain(c.severity);
      expect([c.id, c.fix]).toEqual([c.id, expect.stringMatching(/^[A-Z].*\.$/)]);
    }
  });

  test('HipaaControls lists the catalog for every language', () => {
    const all = HipaaControls.all();
    expect(all.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
    expect(HipaaControls.get('S3.Versioning')).toEqual({
      id: 'S3.Versioning',
      acknowledgementId: 'CdkHipaa::S3.Versioning',
      rationale: undefined,
      title: 'S3 bucket versioning is enabled',
      resourceTypes: ['AWS::S3::Bucket'],
      citations: ['164.308(a)(7)(ii)(A)', '164.312(c)(1)'],
      severity: HipaaSeverity.ERROR,
      fix: 'Set versioned: true.',
      nagRule: 'S3BucketVersioningEnabled',
    });
    expect(HipaaControls.get('No.Such')).toBeUndefined();
    expect(HipaaControls.forResourceType('AWS::KMS::Key').map((c) => c.id)).toEqual(expect.arrayContaining(['KMS.KeyRotation', 'KMS.KeyRetained']));
  });
});
