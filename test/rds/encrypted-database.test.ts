import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { HipaaBackupPlan } from '../../src/backup/hipaa-backup-plan';
import { EncryptedDatabase, EncryptedDatabaseProps } from '../../src/rds/encrypted-database';
import { acknowledgementsIn, expectNagClean, nagFindings, testApp, testStack } from '../util';

const POSTGRES = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const MYSQL = rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 });
const AURORA_POSTGRES = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const AURORA_MYSQL = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });
const KEY = Match.stringLikeRegexp('^DbKey[0-9A-F]{8}$');
const KEY_ARN = { 'Fn::GetAtt': [KEY, 'Arn'] };
const SIX_YEARS = 2192;

/** A VPC as most apps have it (public and private subnets with NAT), with flow logs. */
function vpcWithFlowLogs(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc');
  vpc.addFlowLog('FlowLog');
  return vpc;
}

/** A stack with one EncryptedDatabase `Db` in a fresh VPC. */
function database(props: Omit<EncryptedDatabaseProps, 'vpc'> & { vpc?: ec2.IVpc }, stack: Stack = testStack()) {
  const vpc = props.vpc ?? vpcWithFlowLogs(stack);
  const db = new EncryptedDatabase(stack, 'Db', { ...props, vpc });
  return { stack, vpc, db };
}

/** The logical id of the only resource of `type` whose id starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Synthesizes the app of `stack` and returns the message of the error it throws. */
function synthError(stack: Stack): string {
  try {
    testAppOf(stack).synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

function testAppOf(stack: Stack) {
  return stack.node.root as ReturnType<typeof testApp>;
}

describe('EncryptedDatabase: PostgreSQL instance', () => {
  test('defaults synthesize, pass CloudFormation validation and cdk-nag HIPAA checks', () => {
    const app = testApp({ cfnValidation: true });
    const { stack, db } = database({ engine: POSTGRES }, testStack(app));
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    // One key for the database (the backup plan has its own).
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Db'))).toHaveLength(1);
    expect(db.instance).toBeDefined();
    expect(db.cluster).toBeUndefined();
    expectNagClean(db);
  });

  test('storage is encrypted with the created HipaaKey', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, KmsKeyId: KEY_ARN });
  });

  test('gp3 storage of 100 GiB on db.t4g.medium', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      StorageType: 'gp3', AllocatedStorage: '100', DBInstanceClass: 'db.t4g.medium',
    });
  });

  test('a parameter group of the engine family forces TLS with rds.force_ssl = 1', () => {
    const { stack } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres16', Parameters: { 'rds.force_ssl': '1' } });
    const group = logicalId(template, 'AWS::RDS::DBParameterGroup', 'DbParameterGroup');
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: group } });
  });

  test('is not publicly accessible', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false });
  });

  test('the subnet group holds the private subnets with egress when the VPC has no isolated subnets', () => {
    const { stack } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1Subnet') },
        { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2Subnet') },
        { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet3Subnet') },
      ],
    });
    const subnetGroup = logicalId(template, 'AWS::RDS::DBSubnetGroup', 'Db');
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBSubnetGroupName: { Ref: subnetGroup } });
  });

  test('the subnet group holds the isolated subnets when the VPC has them', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    database({ engine: POSTGRES, vpc }, stack);
    const template = Template.fromStack(stack);
    const subnetIds = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0].Properties.SubnetIds;
    expect(subnetIds.map((s: any) => s.Ref)).toEqual([
      expect.stringMatching(/^VpcDataSubnet1Subnet/), expect.stringMatching(/^VpcDataSubnet2Subnet/), expect.stringMatching(/^VpcDataSubnet3Subnet/),
    ]);
    // The rotation function still runs where it can reach Secrets Manager.
    const application = Object.values(template.findResources('AWS::Serverless::Application'))[0];
    expect(JSON.stringify(application.Properties.Parameters.vpcSubnetIds)).toMatch(/VpcAppSubnet1Subnet/);
    expect(JSON.stringify(application.Properties.Parameters.vpcSubnetIds)).not.toMatch(/VpcDataSubnet/);
  });

  test('IAM database authentication is on', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: true });
  });

  test('deletion protection is on', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: true });
  });

  test('a final snapshot is taken on deletion and replacement', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  test('automated backups reach back 35 days and outlive the instance', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { BackupRetentionPeriod: 35, DeleteAutomatedBackups: false, CopyTagsToSnapshot: true });
  });

  test('is Multi-AZ', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: true });
  });

  test('minor versions are upgraded automatically', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { AutoMinorVersionUpgrade: true });
  });

  test('enhanced monitoring every 60 seconds with a monitoring role', () => {
    const { stack } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    const role = logicalId(template, 'AWS::IAM::Role', 'DbInstanceMonitoringRole');
    template.hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [role, 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] },
    });
  });

  test('Performance Insights is on, encrypted with the key', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: KEY_ARN });
  });

  test('exports the postgresql and upgrade logs', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
  });

  test('the log groups exist before the instance: named after it, encrypted, kept six years, retained except on a failed create', () => {
    const { stack, db } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    for (const logType of ['postgresql', 'upgrade']) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/aws/rds/instance/${db.identifier}/${logType}`, KmsKeyId: KEY_ARN, RetentionInDays: SIX_YEARS },
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    }
    const instance = Object.values(template.findResources('AWS::RDS::DBInstance'))[0];
    expect(instance.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DbPostgresqlLog/), expect.stringMatching(/^DbUpgradeLog/),
    ]));
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceIdentifier: db.identifier });
    expect(db.logGroups).toHaveLength(2);
    // No log retention custom resource.
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  test('the log groups mask PHI identifiers with a data protection policy', () => {
    const { stack } = database({ engine: POSTGRES });
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/rds/') },
    }));
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      const policy = group.Properties.DataProtectionPolicy;
      expect(policy.Name).toBe('cdk-hipaa-phi');
      expect(policy.Statement.map((st: any) => Object.keys(st.Operation)[0])).toEqual(['Audit', 'Deidentify']);
      expect(JSON.stringify(policy.Statement[1].DataIdentifier)).toMatch(/data-identifier\/HealthInsuranceClaimNumber-US/);
    }
  });

  test('the key lets CloudWatch Logs use it, only for the database log groups', () => {
    const { stack, db } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:123456789012:log-group:/aws/rds/instance/${db.identifier}/*`]],
              },
            },
          },
        })]),
      },
    });
  });

  test('the identifier is derived from the path, lower case', () => {
    const { db } = database({ engine: POSTGRES });
    expect(db.identifier).toMatch(/^teststack-db-[a-z0-9]{8}$/);
  });

  test('an explicit identifier is used in lower case', () => {
    const { stack, db } = database({ engine: POSTGRES, identifier: 'Patient-Records' });
    expect(db.identifier).toBe('patient-records');
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/patient-records/postgresql' });
  });

  test('the master password is generated into a secret encrypted with the key, retained except on a failed create', () => {
    const { stack, db } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ KmsKeyId: KEY_ARN, GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"postgres"}' }) }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    expect(db.secret).toBeDefined();
  });

  test('the master password is rotated every 30 days by the engine rotation function', () => {
    const { stack } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    const attachment = logicalId(template, 'AWS::SecretsManager::SecretTargetAttachment', 'Db');
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: attachment },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::Serverless::Application', { Parameters: Match.objectLike({ kmsKeyArn: KEY_ARN }) });
  });

  test('rotation follows the rotation prop', () => {
    const { stack } = database({ engine: POSTGRES, rotation: Duration.days(7) });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });

  test('the security group allows nothing in but the rotation function, and nothing out', () => {
    const { stack, db } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    const group = logicalId(template, 'AWS::EC2::SecurityGroup', 'DbSecurityGroup');
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    expect(template.findResources('AWS::EC2::SecurityGroup', { Properties: { SecurityGroupIngress: Match.anyValue() } })).toEqual({});
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [group, 'GroupId'] } },
    }));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    expect(JSON.stringify(ingress[0].Properties.SourceSecurityGroupId)).toMatch(/DbInstanceRotationSingleUserSecurityGroup/);
    expect(db.securityGroup).toBeDefined();
  });

  test('allowFrom opens the database port to the peer only', () => {
    const { stack, vpc, db } = database({ engine: POSTGRES });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    db.allowFrom(app, 'from the application');
    const template = Template.fromStack(stack);
    const group = logicalId(template, 'AWS::EC2::SecurityGroup', 'DbSecurityGroup');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [group, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::SecurityGroup', 'App'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      Description: 'from the application',
    });
    expect(db.connections.securityGroups).toHaveLength(1);
  });

  test('the instance is selected by the stack\'s HipaaBackupPlan', () => {
    const { stack } = database({ engine: POSTGRES });
    const template = Template.fromStack(stack);
    const instance = logicalId(template, 'AWS::RDS::DBInstance', 'DbInstance');
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [instance, 'DBInstanceArn'] }] }),
    });
  });

  test('backupPlan adds the instance to another plan', () => {
    const stack = testStack();
    const other = new HipaaBackupPlan(stack, 'OtherPlan');
    database({ engine: POSTGRES, backupPlan: other }, stack);
    const template = Template.fromStack(stack);
    const plan = logicalId(template, 'AWS::Backup::BackupPlan', 'OtherPlan');
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupPlanId: { 'Fn::GetAtt': [plan, 'BackupPlanId'] } });
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
  });

  test('a given encryptionKey is used for storage, Performance Insights, the secret and the logs', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey');
    database({ engine: POSTGRES, encryptionKey: key }, stack);
    const template = Template.fromStack(stack);
    const myKey = { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'MyKey'), 'Arn'] };
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Db'))).toEqual([]);
    template.hasResourceProperties('AWS::RDS::DBInstance', { KmsKeyId: myKey, PerformanceInsightsKMSKeyId: myKey });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: myKey });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: myKey });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.us-east-1.amazonaws.com' } })]) },
    });
  });

  test('an imported key gives a warning that CloudWatch Logs must be let in', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    database({ engine: POSTGRES, encryptionKey: key }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp('let logs.us-east-1.amazonaws.com use the key for the log groups /aws/rds/instance/'));
  });

  test('instanceType, allocatedStorage, port, databaseName and masterUsername are passed on', () => {
    const { stack } = database({
      engine: POSTGRES,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE),
      allocatedStorage: 500,
      port: 6543,
      databaseName: 'records',
      masterUsername: 'dbowner',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r6g.xlarge', AllocatedStorage: '500', Port: '6543', DBName: 'records' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"dbowner"}' }) });
  });

  test('grantConnect allows rds-db:connect for the user', () => {
    const { stack, db } = database({ engine: POSTGRES });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    db.grantConnect(role, 'app');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect', Effect: 'Allow' })] },
    });
  });

  test('endpoint is the instance endpoint; there is no read endpoint', () => {
    const { db } = database({ engine: POSTGRES });
    expect(db.endpoint).toBe(db.instance!.instanceEndpoint);
    expect(db.readEndpoint).toBeUndefined();
  });
});

describe('EncryptedDatabase: MySQL instance', () => {
  test('require_secure_transport = 1 (the value RDS for MySQL parameter groups take) in a mysql8.0 parameter group', () => {
    const { stack } = database({ engine: MYSQL });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'mysql8.0', Parameters: { require_secure_transport: '1' } });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: logicalId(template, 'AWS::RDS::DBParameterGroup', 'Db') } });
  });

  test('exports the audit, error, general and slow query logs into encrypted six-year log groups', () => {
    const { stack, db } = database({ engine: MYSQL });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'] });
    for (const logType of ['audit', 'error', 'general', 'slowquery']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/rds/instance/${db.identifier}/${logType}`, KmsKeyId: KEY_ARN, RetentionInDays: SIX_YEARS,
      });
    }
  });

  test('encrypted, private, IAM-authenticated, protected, Multi-AZ, monitored, in the backup plan', () => {
    const { stack } = database({ engine: MYSQL });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'mysql',
        StorageEncrypted: true,
        KmsKeyId: KEY_ARN,
        PubliclyAccessible: false,
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        MultiAZ: true,
        AutoMinorVersionUpgrade: true,
        MonitoringInterval: 60,
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: KEY_ARN,
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: KEY_ARN });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [logicalId(template, 'AWS::RDS::DBInstance', 'Db'), 'DBInstanceArn'] }] }),
    });
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const { db } = database({ engine: MYSQL });
    expectNagClean(db);
  });

  test('an option group is passed on', () => {
    const stack = testStack();
    const optionGroup = new rds.OptionGroup(stack, 'Audit', {
      engine: MYSQL,
      configurations: [{ name: 'MARIADB_AUDIT_PLUGIN' }],
    });
    database({ engine: MYSQL, optionGroup }, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { OptionGroupName: { Ref: logicalId(template, 'AWS::RDS::OptionGroup', 'Audit') } });
  });
});

describe('EncryptedDatabase: MariaDB instance', () => {
  test('require_secure_transport = 1 in a mariadb10.11 parameter group', () => {
    const { stack } = database({ engine: rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 }) });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'mariadb10.11', Parameters: { require_secure_transport: '1' } });
  });

  test('fails when the engine is MariaDB before 10.5, which cannot force TLS', () => {
    expect(() => database({ engine: rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_4 }) }))
      .toThrow(/engine is MariaDB 10\.4(\.\d+)?, which cannot force TLS: .*require_secure_transport parameter only from 10\.5\. Use MariaDB 10\.5 or later/);
  });
});

describe('EncryptedDatabase: Aurora PostgreSQL cluster', () => {
  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const { db } = database({ clusterEngine: AURORA_POSTGRES });
    expect(db.cluster).toBeDefined();
    expect(db.instance).toBeUndefined();
    expectNagClean(db);
  });

  test('the cluster is encrypted, IAM-authenticated, protected, snapshotted and keeps 35 days of backups', () => {
    const { stack, db } = database({ clusterEngine: AURORA_POSTGRES });
    Template.fromStack(stack).hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({
        Engine: 'aurora-postgresql',
        DBClusterIdentifier: db.identifier,
        StorageEncrypted: true,
        KmsKeyId: KEY_ARN,
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        DeleteAutomatedBackups: false,
        CopyTagsToSnapshot: true,
        EnableCloudwatchLogsExports: ['postgresql'],
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('a cluster parameter group forces TLS with rds.force_ssl = 1', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql16', Parameters: { 'rds.force_ssl': '1' } });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: logicalId(template, 'AWS::RDS::DBClusterParameterGroup', 'Db') },
    });
  });

  test('a writer and a reader: private, monitored, upgraded, Performance Insights encrypted', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES });
    const template = Template.fromStack(stack);
    const instances = template.findResources('AWS::RDS::DBInstance');
    expect(Object.keys(instances)).toEqual([expect.stringMatching(/^DbClusterWriter/), expect.stringMatching(/^DbClusterReader1/)]);
    for (const instance of Object.values(instances)) {
      expect(instance.Properties).toMatchObject({
        DBInstanceClass: 'db.r6g.large',
        PubliclyAccessible: false,
        AutoMinorVersionUpgrade: true,
        MonitoringInterval: 60,
        EnablePerformanceInsights: true,
      });
      expect(JSON.stringify(instance.Properties.PerformanceInsightsKMSKeyId)).toMatch(/"DbKey[0-9A-F]{8}","Arn"/);
      expect(JSON.stringify(instance.Properties.MonitoringRoleArn)).toMatch(/DbClusterMonitoringRole/);
    }
  });

  test('the subnet group holds the private subnets', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1Subnet') }]),
    });
  });

  test('the log group is named after the cluster, encrypted and kept six years', () => {
    const { stack, db } = database({ clusterEngine: AURORA_POSTGRES });
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: `/aws/rds/cluster/${db.identifier}/postgresql`, KmsKeyId: KEY_ARN, RetentionInDays: SIX_YEARS },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the secret is encrypted with the key and rotated every 30 days', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: KEY_ARN });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { TargetType: 'AWS::RDS::DBCluster' });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
  });

  test('the cluster, not its instances, is selected by the backup plan; the instances say why', () => {
    const { stack, db } = database({ clusterEngine: AURORA_POSTGRES });
    const template = Template.fromStack(stack);
    const cluster = logicalId(template, 'AWS::RDS::DBCluster', 'Db');
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [cluster, 'DBClusterArn'] }] }),
    });
    const acks = acknowledgementsIn(db).filter((a) => a.id === 'HIPAA.Security::HIPAA.Security-RDSInBackupPlan');
    expect(acks.map((a) => a.path)).toEqual(['TestStack/Db/Cluster/Writer', 'TestStack/Db/Cluster/Reader1']);
    // The catalog's Backup.ResourceInPlan does not apply to a cluster's instances: no acknowledgement of it, which would clear nothing.
    expect(acknowledgementsIn(db).filter((a) => a.id === 'CdkHipaa::Backup.ResourceInPlan')).toEqual([]);
  });

  test('readers sets the number of reader instances', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES, readers: 2 });
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 3);
  });

  test('endpoint is the writer endpoint; readEndpoint the reader endpoint', () => {
    const { db } = database({ clusterEngine: AURORA_POSTGRES });
    expect(db.endpoint).toBe(db.cluster!.clusterEndpoint);
    expect(db.readEndpoint).toBe(db.cluster!.clusterReadEndpoint);
  });

  test('allowFrom opens the cluster port to the peer', () => {
    const { stack, vpc, db } = database({ clusterEngine: AURORA_POSTGRES });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    db.allowFrom(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::SecurityGroup', 'DbSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::SecurityGroup', 'App'), 'GroupId'] },
      IpProtocol: 'tcp',
    });
  });
});

describe('EncryptedDatabase: Aurora MySQL cluster', () => {
  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const { db } = database({ clusterEngine: AURORA_MYSQL });
    expectNagClean(db);
  });

  test('a cluster parameter group forces TLS and turns on Advanced Auditing', () => {
    const { stack } = database({ clusterEngine: AURORA_MYSQL });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: { require_secure_transport: 'ON', server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL' },
    });
  });

  test('exports the audit, error, general and slow query logs', () => {
    const { stack, db } = database({ clusterEngine: AURORA_MYSQL });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      StorageEncrypted: true,
      KmsKeyId: KEY_ARN,
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      BackupRetentionPeriod: 35,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/rds/cluster/${db.identifier}/audit` });
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'aurora-mysql', PubliclyAccessible: false, EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: KEY_ARN, MonitoringInterval: 60,
    });
  });
});

describe('EncryptedDatabase: other engines', () => {
  test('SQL Server: rds.force_ssl, x86 class, a 15-character identifier; no IAM authentication', () => {
    const { stack, db } = database({ engine: rds.DatabaseInstanceEngine.sqlServerSe({ version: rds.SqlServerEngineVersion.VER_16 }) });
    Validations.of(db).acknowledge({ id: 'CdkHipaa::RDS.IamAuthentication', reason: 'SQL Server logins are managed in the database' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.m6i.large', EnableIAMDatabaseAuthentication: false, EnableCloudwatchLogsExports: ['agent', 'error'],
    });
    expect(db.identifier.length).toBeLessThanOrEqual(15);
    expect(() => db.grantConnect(new iam.AccountRootPrincipal(), 'app')).toThrow(/does not support IAM database authentication/);
  });

  test('fails when the engine supports no IAM database authentication', () => {
    const { stack } = database({ engine: rds.DatabaseInstanceEngine.sqlServerSe({ version: rds.SqlServerEngineVersion.VER_16 }) });
    expect(synthError(stack)).toMatch(/engine: sqlserver-se \(no IAM database authentication\) is refused\..*164\.312\(d\).*CdkHipaa::RDS\.IamAuthentication/);
  });

  test('fails when SQL Server Express is left Multi-AZ by default (RDS offers no Multi-AZ for Express)', () => {
    const express = rds.DatabaseInstanceEngine.sqlServerEx({ version: rds.SqlServerEngineVersion.VER_16 });
    expect(() => database({ engine: express }))
      .toThrow(/engine is sqlserver-ex \(SQL Server Express\), but multiAz is true by default: RDS offers Multi-AZ for SQL Server only on the Standard and Enterprise editions.*Choose sqlServerSe or sqlServerEe, or set multiAz: false/);
    expect(() => database({ engine: express, multiAz: true })).toThrow(/but multiAz is true: RDS offers Multi-AZ for SQL Server only on the Standard and Enterprise editions/);
  });

  test('fails when SQL Server Express has multiAz: false without acknowledgement; passes once acknowledged', () => {
    const express = rds.DatabaseInstanceEngine.sqlServerEx({ version: rds.SqlServerEngineVersion.VER_16 });
    const { stack } = database({ engine: express, multiAz: false });
    expect(synthError(stack)).toMatch(/multiAz: false is refused\..*CdkHipaa::RDS\.MultiAz/);
    const acknowledged = database({ engine: express, multiAz: false });
    for (const id of ['CdkHipaa::RDS.MultiAz', 'CdkHipaa::RDS.IamAuthentication']) {
      Validations.of(acknowledged.db).acknowledge({ id, reason: 'Express edition for a small internal tool; restored from backups on zone failure' });
    }
    expect(() => testAppOf(acknowledged.stack).synth()).not.toThrow();
    Template.fromStack(acknowledged.stack).hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'sqlserver-ex', MultiAZ: false });
  });

  test('SQL Server Web and Enterprise stay Multi-AZ', () => {
    for (const engine of [
      rds.DatabaseInstanceEngine.sqlServerWeb({ version: rds.SqlServerEngineVersion.VER_16 }),
      rds.DatabaseInstanceEngine.sqlServerEe({ version: rds.SqlServerEngineVersion.VER_16 }),
    ]) {
      const { stack, db } = database({ engine });
      Validations.of(db).acknowledge({ id: 'CdkHipaa::RDS.IamAuthentication', reason: 'SQL Server logins are managed in the database' });
      Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { Engine: engine.engineType, MultiAZ: true });
    }
  });

  test('fails when no parameter can force TLS for the engine (Oracle)', () => {
    const { stack } = database({ engine: rds.DatabaseInstanceEngine.oracleEe({ version: rds.OracleEngineVersion.VER_19_0_0_0_2020_04_R1 }) });
    const message = synthError(stack);
    expect(message).toMatch(/engine: oracle-ee \(no parameter forces TLS\) is refused\..*164\.312\(e\)\(1\).*CdkHipaa::RDS\.TlsEnforced/);
  });
});

describe('EncryptedDatabase: refusals', () => {
  test('fails when deletionProtection is false', () => {
    const { stack } = database({ engine: POSTGRES, deletionProtection: false });
    expect(synthError(stack)).toMatch(/deletionProtection: false is refused\..*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::RDS\.DeletionProtection/);
  });

  test('fails when removalPolicy is DESTROY', () => {
    const { stack } = database({ engine: POSTGRES, removalPolicy: RemovalPolicy.DESTROY });
    expect(synthError(stack)).toMatch(/removalPolicy: destroy is refused\..*CdkHipaa::RDS\.DataRetained/);
  });

  test('fails when backupRetention is below 7 days', () => {
    const { stack } = database({ engine: POSTGRES, backupRetention: Duration.days(3) });
    expect(synthError(stack)).toMatch(/backupRetention: 3 days is refused\..*at least 7 days.*CdkHipaa::RDS\.BackupRetention/);
  });

  test('fails when multiAz is false', () => {
    const { stack } = database({ engine: POSTGRES, multiAz: false });
    expect(synthError(stack)).toMatch(/multiAz: false is refused\..*164\.308\(a\)\(7\)\(ii\)\(B\).*CdkHipaa::RDS\.MultiAz/);
  });

  test('fails when a cluster has no reader', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES, readers: 0 });
    expect(synthError(stack)).toMatch(/readers: 0 is refused\..*CdkHipaa::RDS\.MultiAz/);
  });

  test('fails when a cluster has multiAz false', () => {
    const { stack } = database({ clusterEngine: AURORA_POSTGRES, multiAz: false });
    expect(synthError(stack)).toMatch(/multiAz: false is refused\..*CdkHipaa::RDS\.MultiAz/);
  });

  test('fails when enhanced monitoring is off', () => {
    const { stack } = database({ engine: POSTGRES, monitoringInterval: Duration.seconds(0) });
    expect(synthError(stack)).toMatch(/monitoringInterval: 0 seconds is refused\..*CdkHipaa::RDS\.EnhancedMonitoring/);
  });

  test('fails when the TLS parameter is changed in the parameter group', () => {
    const { stack, db } = database({ engine: POSTGRES });
    db.parameterGroup.addParameter('rds.force_ssl', '0');
    expect(synthError(stack)).toMatch(/parameterGroup\.addParameter\('rds\.force_ssl'\): '0' is refused\..*CdkHipaa::RDS\.TlsEnforced/);
  });

  test('fails when the MySQL TLS parameter is set to ON, which RDS for MySQL parameter groups do not take', () => {
    const { stack, db } = database({ engine: MYSQL });
    db.parameterGroup.addParameter('require_secure_transport', 'ON');
    expect(synthError(stack)).toMatch(/parameterGroup\.addParameter\('require_secure_transport'\): 'ON' is refused\..*CdkHipaa::RDS\.TlsEnforced/);
  });

  test('other parameters, and the TLS parameter with its documented value, are accepted', () => {
    const { stack, db } = database({ engine: MYSQL });
    db.parameterGroup.addParameter('require_secure_transport', '1');
    db.parameterGroup.addParameter('slow_query_log', '1');
    expect(() => testAppOf(stack).synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: { require_secure_transport: '1', slow_query_log: '1' },
    });
  });

  test('fails when vpcSubnets selects public subnets', () => {
    const { stack } = database({ engine: POSTGRES, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(synthError(stack)).toMatch(/vpcSubnets: public subnets is refused\..*164\.312\(a\)\(1\).*CdkHipaa::RDS\.PrivateSubnets/);
  });

  test('fails when backup is false', () => {
    const { stack } = database({ engine: POSTGRES, backup: false });
    expect(synthError(stack)).toMatch(/backup: false is refused\..*CdkHipaa::Backup\.ResourceInPlan/);
  });

  test('backup: false, acknowledged, leaves the database out of every backup plan', () => {
    const { stack, db } = database({ engine: POSTGRES, backup: false });
    Validations.of(db).acknowledge({ id: 'CdkHipaa::Backup.ResourceInPlan', reason: 'Backed up by the organization-wide tag-based plan' });
    expect(() => testAppOf(stack).synth()).not.toThrow();
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupSelection', 0);
  });

  test('every refusal of one database is reported at once', () => {
    const { stack } = database({ engine: POSTGRES, deletionProtection: false, multiAz: false, backupRetention: Duration.days(1) });
    const message = synthError(stack);
    expect(message).toMatch(/deletionProtection: false/);
    expect(message).toMatch(/multiAz: false/);
    expect(message).toMatch(/backupRetention: 1 day/);
  });

  test('a weaker setting is accepted once acknowledged with a reason', () => {
    const { stack, db } = database({ engine: POSTGRES, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    Validations.of(db).acknowledge({ id: 'CdkHipaa::RDS.DataRetained', reason: 'Ephemeral test environment without PHI' });
    Validations.of(db).acknowledge({ id: 'CdkHipaa::RDS.DeletionProtection', reason: 'Ephemeral test environment without PHI' });
    expect(() => testAppOf(stack).synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: false }) });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });
});

/** DeletionPolicy and UpdateReplacePolicy of every resource of `type` in the template (matching `props`). */
function policiesOf(template: Template, type: string, props?: any): Array<[string, string]> {
  const resources = template.findResources(type, props ? { Properties: props } : undefined);
  return Object.values(resources).map((r: any) => [r.DeletionPolicy, r.UpdateReplacePolicy]);
}

/** The log groups RDS exports to (not the VPC's flow log group). */
const RDS_LOG_GROUPS = { LogGroupName: Match.stringLikeRegexp('^/aws/rds/') };

describe('EncryptedDatabase: a failed first deploy', () => {
  test.each([
    ['instance', { engine: POSTGRES }, 'AWS::RDS::DBInstance'],
    ['cluster', { clusterEngine: AURORA_POSTGRES }, 'AWS::RDS::DBCluster'],
  ])('%s: the database keeps a final snapshot; its log groups and secret are kept except when their own create rolls back', (_, props, databaseType) => {
    const { stack } = database(props as Partial<EncryptedDatabaseProps>);
    const template = Template.fromStack(stack);
    expect(policiesOf(template, databaseType)).toEqual([['Snapshot', 'Snapshot']]);
    const logGroups = policiesOf(template, 'AWS::Logs::LogGroup', RDS_LOG_GROUPS);
    expect(logGroups.length).toBeGreaterThan(0);
    for (const policies of logGroups) expect(policies).toEqual(['RetainExceptOnCreate', 'Retain']);
    expect(policiesOf(template, 'AWS::SecretsManager::Secret')).toEqual([['RetainExceptOnCreate', 'Retain']]);
  });

  test.each([
    [RemovalPolicy.RETAIN, 'Retain', 'Retain'],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'RetainExceptOnCreate', 'Retain'],
  ])('removalPolicy %s is accepted for the database; its log groups and secret stay RetainExceptOnCreate', (removalPolicy, deletion, replace) => {
    const { stack } = database({ engine: POSTGRES, removalPolicy });
    expect(() => testAppOf(stack).synth()).not.toThrow();
    const template = Template.fromStack(stack);
    expect(policiesOf(template, 'AWS::RDS::DBInstance')).toEqual([[deletion, replace]]);
    expect(policiesOf(template, 'AWS::Logs::LogGroup', RDS_LOG_GROUPS)).toEqual([['RetainExceptOnCreate', 'Retain'], ['RetainExceptOnCreate', 'Retain']]);
    expect(policiesOf(template, 'AWS::SecretsManager::Secret')).toEqual([['RetainExceptOnCreate', 'Retain']]);
  });
});

/** The start windows (`hh:mm-hh:mm` UTC) of every rule of the stack's backup plans, read from the template. */
function planStartWindows(template: Template): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  for (const plan of Object.values(template.findResources('AWS::Backup::BackupPlan'))) {
    for (const rule of (plan as any).Properties.BackupPlan.BackupPlanRule) {
      const [, minute, hour] = /^cron\((\d+) (\d+) /.exec(rule.ScheduleExpression)!;
      const start = Number(hour) * 60 + Number(minute);
      windows.push([start, start + rule.StartWindowMinutes]);
    }
  }
  expect(windows.length).toBeGreaterThan(0);
  return windows;
}

/** Minutes after 00:00 of `hh:mm`. */
function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h * 60 + m;
}

describe('EncryptedDatabase: backup and maintenance windows', () => {
  test.each([
    ['instance', { engine: POSTGRES }, 'AWS::RDS::DBInstance'],
    ['cluster', { clusterEngine: AURORA_POSTGRES }, 'AWS::RDS::DBCluster'],
  ])('%s: the automated backup window ends at least an hour before the backup plan starts; maintenance falls between', (_, props, type) => {
    const { stack } = database(props as Partial<EncryptedDatabaseProps>);
    const template = Template.fromStack(stack);
    const resource: any = Object.values(template.findResources(type))[0];
    const backupWindow: string = resource.Properties.PreferredBackupWindow;
    const maintenanceWindow: string = resource.Properties.PreferredMaintenanceWindow;
    expect(backupWindow).toMatch(/^\d{2}:\d{2}-\d{2}:\d{2}$/);
    expect(maintenanceWindow).toMatch(/^sun:\d{2}:\d{2}-sun:\d{2}:\d{2}$/);
    const [backupStart, backupEnd] = backupWindow.split('-').map(minutes);
    const [maintenanceStart, maintenanceEnd] = maintenanceWindow.split('-').map((w) => minutes(w.slice(4)));
    expect(backupEnd - backupStart).toBe(30);
    expect(maintenanceEnd - maintenanceStart).toBe(30);
    // In order, each with an hour to overrun: backup, maintenance, then the plan's earliest start.
    const earliestPlanStart = Math.min(...planStartWindows(template).map(([start]) => start));
    expect(maintenanceStart).toBeGreaterThanOrEqual(backupEnd + 60);
    expect(earliestPlanStart).toBeGreaterThanOrEqual(maintenanceEnd + 60);
    for (const [start, end] of planStartWindows(template)) {
      expect(backupEnd <= start || backupStart >= end).toBe(true);
    }
  });

  test('for HipaaBackupPlan\'s 05:00 UTC schedule: backups 02:00-02:30, maintenance Sundays 03:30-04:00', () => {
    const { stack } = database({ engine: POSTGRES });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      PreferredBackupWindow: '02:00-02:30', PreferredMaintenanceWindow: 'sun:03:30-sun:04:00',
    });
  });

  test('given windows are used', () => {
    const { stack } = database({ engine: POSTGRES, preferredBackupWindow: '22:00-22:30', preferredMaintenanceWindow: 'sat:23:00-sat:23:30' });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      PreferredBackupWindow: '22:00-22:30', PreferredMaintenanceWindow: 'sat:23:00-sat:23:30',
    });
  });

  test('fails when preferredBackupWindow overlaps the backup plan\'s start window', () => {
    expect(() => database({ engine: POSTGRES, preferredBackupWindow: '05:30-06:00' }))
      .toThrow(/preferredBackupWindow '05:30-06:00' overlaps the start window of the AWS Backup plan TestStack\/HipaaBackupPlan \(05:00-06:00, 05:00-06:00 UTC\).*e\.g\. '02:00-02:30'/);
  });

  test('fails when preferredBackupWindow is not hh24:mi-hh24:mi', () => {
    expect(() => database({ engine: POSTGRES, preferredBackupWindow: '2am' })).toThrow(/preferredBackupWindow '2am' is not in the form hh24:mi-hh24:mi/);
  });

  test('with backup: false (no plan to avoid), RDS chooses the windows', () => {
    const { stack, db } = database({ engine: POSTGRES, backup: false });
    Validations.of(db).acknowledge({ id: 'CdkHipaa::Backup.ResourceInPlan', reason: 'Backed up by the organization-wide tag-based plan' });
    const instance: any = Object.values(Template.fromStack(stack).findResources('AWS::RDS::DBInstance'))[0];
    expect(instance.Properties.PreferredBackupWindow).toBeUndefined();
    expect(instance.Properties.PreferredMaintenanceWindow).toBeUndefined();
  });
});

describe('EncryptedDatabase: usage errors', () => {
  test('fails when neither engine nor clusterEngine is given', () => {
    expect(() => database({})).toThrow(/give exactly one of engine \(a DB instance\) and clusterEngine \(an Aurora cluster\); neither was given/);
  });

  test('fails when both engine and clusterEngine are given', () => {
    expect(() => database({ engine: POSTGRES, clusterEngine: AURORA_POSTGRES })).toThrow(/give exactly one of engine .* both were given/);
  });

  test('fails when the engine has no version', () => {
    expect(() => database({ engine: rds.DatabaseInstanceEngine.POSTGRES })).toThrow(/the postgres engine has no version; give one/);
  });

  test('fails when readers is given for an instance', () => {
    expect(() => database({ engine: POSTGRES, readers: 2 })).toThrow(/readers applies to an Aurora cluster/);
  });

  test('fails when allocatedStorage is given for a cluster', () => {
    expect(() => database({ clusterEngine: AURORA_POSTGRES, allocatedStorage: 50 })).toThrow(/allocatedStorage and optionGroup apply to a DB instance/);
  });

  test('fails when backupRetention is above 35 days', () => {
    expect(() => database({ engine: POSTGRES, backupRetention: Duration.days(90) })).toThrow(/backupRetention is 90 days; RDS keeps automated backups at most 35 days/);
  });

  test('fails when backupPlan is given with backup false', () => {
    const stack = testStack();
    expect(() => database({ engine: POSTGRES, backup: false, backupPlan: HipaaBackupPlan.of(stack) }, stack)).toThrow(/backupPlan is given but backup is false/);
  });

  test('fails when encryptionKey is an alias', () => {
    const stack = testStack();
    const alias = new kms.Key(stack, 'AliasedKey').addAlias('alias/records');
    expect(() => database({ engine: POSTGRES, encryptionKey: alias }, stack)).toThrow(/encryptionKey is an alias; pass the key itself/);
  });

  test('fails when the identifier is invalid', () => {
    expect(() => database({ engine: POSTGRES, identifier: '1-records--' })).toThrow(/identifier '1-records--' is invalid/);
  });

  test('fails when the VPC has no private subnets', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => database({ engine: POSTGRES, vpc }, stack)).toThrow(/the VPC has no isolated or private subnets/);
  });
});

describe('EncryptedDatabase: VPC without egress', () => {
  test('the rotation function runs in the isolated subnets, with a warning about the endpoint', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    database({ engine: POSTGRES, vpc }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp('interface VPC endpoint'));
    const application = Object.values(Template.fromStack(stack).findResources('AWS::Serverless::Application'))[0];
    expect(JSON.stringify(application.Properties.Parameters.vpcSubnetIds)).toMatch(/VpcDataSubnet1Subnet/);
  });
});

describe('EncryptedDatabase: the whole stack', () => {
  test('judged with the whole stack, cdk-nag finds nothing on the database\'s resources', () => {
    const { stack } = database({ engine: POSTGRES });
    const onDatabase = nagFindings(stack).filter((f) => f.path.startsWith('TestStack/Db/'));
    expect(onDatabase).toEqual([]);
  });
});
