import { IConstruct } from 'constructs';
import { catalogControl } from '../../controls/catalog';
import { refuseUnlessAcknowledged } from '../../policy/refusals';
import { HipaaHostOptions } from '../hipaa-host-options';

/** What the host refusals add to their catalog controls' rationale. */
const HOST_DETAILS = {
  keyPair: 'A key pair opens SSH logins authenticated by a copyable private key instead of an IAM identity.',
  publicIp: 'Keep the host in private subnets and reach it through Session Manager.',
} as const;

/**
 * Refuses the shared host options that weaken compliance, unless acknowledged: a key pair, a
 * public IP address, no software inventory, no backup.
 *
 * @param publicSubnets a description of the public subnet selection, when one was made
 */
export function refuseHostWeakenings(construct: IConstruct, props: HipaaHostOptions, publicSubnets?: string): void {
  if (props.keyPair) {
    refuseUnlessAcknowledged(construct, {
      control: catalogControl('EC2.NoKeyPair'),
      prop: 'keyPair',
      value: `a key pair (${props.keyPair.node.path})`,
      detail: HOST_DETAILS.keyPair,
    });
  }
  if (props.associatePublicIpAddress === true) {
    refuseUnlessAcknowledged(construct, {
      control: catalogControl('EC2.InstanceNoPublicIp'),
      prop: 'associatePublicIpAddress',
      value: 'true',
      detail: HOST_DETAILS.publicIp,
    });
  }
  if (publicSubnets) {
    refuseUnlessAcknowledged(construct, {
      control: catalogControl('EC2.InstanceNoPublicIp'),
      prop: 'vpcSubnets',
      value: publicSubnets,
      detail: HOST_DETAILS.publicIp,
    });
  }
  if (props.softwareInventory === false) {
    refuseUnlessAcknowledged(construct, {
      control: catalogControl('SSM.SoftwareInventory'),
      prop: 'softwareInventory',
      value: 'false',
    });
  }
  if (props.backup === false) {
    if (props.backupPlan) {
      throw new Error(`${construct.node.path}: backupPlan is given but backup is false: remove one of them.`);
    }
    refuseUnlessAcknowledged(construct, {
      control: catalogControl('Backup.ResourceInPlan'),
      prop: 'backup',
      value: 'false',
    });
  }
}
