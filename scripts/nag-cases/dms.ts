import { Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import { NagCase } from './types';

/** An L1 replication instance; `props` adds or overrides properties. */
function replicationInstance(stack: Stack, props: Partial<dms.CfnReplicationInstanceProps> = {}): string {
  new dms.CfnReplicationInstance(stack, 'Replication', {
    replicationInstanceClass: 'dms.t3.medium',
    allocatedStorage: 50,
    ...props,
  });
  return 'Replication';
}

export const CASES: readonly NagCase[] = [
  // DMSReplicationNotPublic: PubliclyAccessible explicitly false (DMS defaults to public)
  {
    rule: 'DMSReplicationNotPublic',
    compliant: true,
    title: 'replication instance not publicly accessible',
    build: (stack) => replicationInstance(stack, { publiclyAccessible: false }),
  },
  {
    rule: 'DMSReplicationNotPublic',
    compliant: true,
    title: 'private replication instance in its own subnet group',
    build: (stack) => {
      const group = new dms.CfnReplicationSubnetGroup(stack, 'Subnets', {
        replicationSubnetGroupDescription: 'private subnets',
        subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      });
      return replicationInstance(stack, { publiclyAccessible: false, replicationSubnetGroupIdentifier: group.ref, multiAz: true });
    },
  },
  {
    rule: 'DMSReplicationNotPublic',
    compliant: false,
    title: 'replication instance that leaves public access to the default (public)',
    build: (stack) => replicationInstance(stack),
  },
  {
    rule: 'DMSReplicationNotPublic',
    compliant: false,
    title: 'replication instance publicly accessible',
    build: (stack) => replicationInstance(stack, { publiclyAccessible: true }),
  },
];
