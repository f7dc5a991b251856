import { ArnFormat, CfnResource, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';

/** A resource AWS Backup can protect, found in a construct tree. */
export interface BackupableResource {
  readonly resource: CfnResource;
  /** The ARN AWS Backup selects it by (a token that references the resource). */
  readonly arn: string;
}

/**
 * The resources AWS Backup can protect in `construct`'s tree (itself included): EBS volumes,
 * EC2 instances, RDS instances that are not members of a cluster, RDS/Aurora clusters,
 * DynamoDB tables (also global tables) and EFS file systems.
 */
export function backupableResources(construct: IConstruct): BackupableResource[] {
  const found: BackupableResource[] = [];
  for (const node of construct.node.findAll()) {
    const arn = backupArn(node);
    if (arn) found.push({ resource: node as CfnResource, arn });
  }
  return found;
}

function backupArn(node: IConstruct): string | undefined {
  if (!CfnResource.isCfnResource(node)) return undefined;
  const stack = Stack.of(node);
  if (node instanceof ec2.CfnVolume) {
    return stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: node.ref });
  }
  if (node instanceof ec2.CfnInstance) {
    return stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: node.ref });
  }
  if (node instanceof rds.CfnDBInstance) {
    // AWS Backup protects a cluster's instances through the cluster.
    if (node.dbClusterIdentifier) return undefined;
    return stack.formatArn({ service: 'rds', resource: 'db', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: node.ref });
  }
  if (node instanceof rds.CfnDBCluster) {
    return stack.formatArn({ service: 'rds', resource: 'cluster', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: node.ref });
  }
  if (node instanceof dynamodb.CfnTable || node instanceof dynamodb.CfnGlobalTable) {
    return stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: node.ref });
  }
  if (node instanceof efs.CfnFileSystem) {
    return stack.formatArn({ service: 'elasticfilesystem', resource: 'file-system', resourceName: node.ref });
  }
  return undefined;
}
