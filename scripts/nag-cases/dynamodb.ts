import { Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { NagCase } from './types';

/** An L2 table keyed by patient id; `props` adds or overrides properties. */
function table(stack: Stack, props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
  return new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'patientId', type: dynamodb.AttributeType.STRING }, ...props });
}

const PATH = 'Table/Resource';

/** A daily backup plan in the same stack. */
function plan(stack: Stack): backup.BackupPlan {
  return backup.BackupPlan.daily35DayRetention(stack, 'Plan');
}

export const CASES: readonly NagCase[] = [
  // DynamoDBAutoScalingEnabled: on-demand, or provisioned with read and write scaling targets for the table and every GSI
  {
    rule: 'DynamoDBAutoScalingEnabled',
    compliant: true,
    title: 'on-demand table',
    build: (stack) => {
      table(stack, { billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBAutoScalingEnabled',
    compliant: true,
    title: 'provisioned table with read and write auto scaling',
    build: (stack) => {
      const t = table(stack, { billingMode: dynamodb.BillingMode.PROVISIONED });
      t.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      t.autoScaleWriteCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBAutoScalingEnabled',
    compliant: false,
    title: 'provisioned table with fixed capacity',
    build: (stack) => {
      table(stack, { billingMode: dynamodb.BillingMode.PROVISIONED, readCapacity: 5, writeCapacity: 5 });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBAutoScalingEnabled',
    compliant: false,
    title: 'provisioned table scaling reads only',
    build: (stack) => {
      const t = table(stack, { billingMode: dynamodb.BillingMode.PROVISIONED });
      t.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBAutoScalingEnabled',
    compliant: false,
    title: 'provisioned table scaling the table but not its global secondary index',
    build: (stack) => {
      const t = table(stack, { billingMode: dynamodb.BillingMode.PROVISIONED });
      t.addGlobalSecondaryIndex({ indexName: 'byClinic', partitionKey: { name: 'clinicId', type: dynamodb.AttributeType.STRING } });
      t.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      t.autoScaleWriteCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      return PATH;
    },
  },
  // DynamoDBInBackupPlan: a backup selection in the table's stack names the table
  {
    rule: 'DynamoDBInBackupPlan',
    compliant: true,
    title: 'table selected by a backup plan in its stack',
    build: (stack) => {
      plan(stack).addSelection('Selection', { resources: [backup.BackupResource.fromDynamoDbTable(table(stack))] });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBInBackupPlan',
    compliant: true,
    title: 'named table selected by its ARN',
    build: (stack) => {
      table(stack, { tableName: 'patients' });
      plan(stack).addSelection('Selection', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/patients')] });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBInBackupPlan',
    compliant: false,
    title: 'table in no backup plan',
    build: (stack) => {
      table(stack);
      return PATH;
    },
  },
  {
    rule: 'DynamoDBInBackupPlan',
    compliant: false,
    title: 'table selected by tag (cdk-nag reads only resource ARNs)',
    build: (stack) => {
      const t = table(stack);
      plan(stack).addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'nag-case-dynamodb')] });
      Tags.of(t).add('backup', 'nag-case-dynamodb');
      return PATH;
    },
  },
  {
    rule: 'DynamoDBInBackupPlan',
    compliant: false,
    title: 'backup plan selecting another table only',
    build: (stack) => {
      const other = new dynamodb.Table(stack, 'Other', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
      table(stack);
      plan(stack).addSelection('Selection', { resources: [backup.BackupResource.fromDynamoDbTable(other)] });
      return PATH;
    },
  },
  // DynamoDBPITREnabled: point-in-time recovery enabled
  {
    rule: 'DynamoDBPITREnabled',
    compliant: true,
    title: 'table with point-in-time recovery',
    build: (stack) => {
      table(stack, { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
      return PATH;
    },
  },
  {
    rule: 'DynamoDBPITREnabled',
    compliant: false,
    title: 'table with the defaults: no point-in-time recovery',
    build: (stack) => {
      table(stack);
      return PATH;
    },
  },
  {
    rule: 'DynamoDBPITREnabled',
    compliant: false,
    title: 'L1 table with point-in-time recovery turned off',
    build: (stack) => {
      new dynamodb.CfnTable(stack, 'Table', {
        keySchema: [{ attributeName: 'patientId', keyType: 'HASH' }],
        attributeDefinitions: [{ attributeName: 'patientId', attributeType: 'S' }],
        billingMode: 'PAY_PER_REQUEST',
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      });
      return 'Table';
    },
  },
];
