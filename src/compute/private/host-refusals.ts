import { IConstruct } from 'constructs';
import { refuseUnlessAcknowledged } from '../../private/compliance';
import { HipaaHostOptions } from '../hipaa-host-options';

/** The HIPAA reasons of the host refusals, with their citations. */
export const HOST_REFUSALS = {
  keyPair: 'A key pair opens SSH logins authenticated by a copyable private key instead of an IAM identity, which Session Manager neither authorizes per person nor records (45 CFR 164.312(a)(1), 164.312(b), 164.312(d)).',
  publicIp: 'A host that handles PHI must not be reachable from the internet; keep it in private subnets and reach it through Session Manager (45 CFR 164.312(a)(1)).',
  softwareInventory: 'Without a software inventory nobody can tell which software ran on the host between package changes (45 CFR 164.308(a)(1)(ii)(D)).',
  backup: 'A host holding PHI must be in a backup plan so that exact copies of its volumes can be restored (45 CFR 164.308(a)(7)(ii)(A)).',
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
      controlId: 'EC2.NoKeyPair',
      prop: 'keyPair',
      value: `a key pair (${props.keyPair.node.path})`,
      reason: HOST_REFUSALS.keyPair,
    });
  }
  if (props.associatePublicIpAddress === true) {
    refuseUnlessAcknowledged(construct, {
      controlId: 'EC2.NoPublicIp',
      prop: 'associatePublicIpAddress',
      value: 'true',
      reason: HOST_REFUSALS.publicIp,
    });
  }
  if (publicSubnets) {
    refuseUnlessAcknowledged(construct, {
      controlId: 'EC2.NoPublicIp',
      prop: 'vpcSubnets',
      value: publicSubnets,
      reason: HOST_REFUSALS.publicIp,
    });
  }
  if (props.softwareInventory === false) {
    refuseUnlessAcknowledged(construct, {
      controlId: 'SSM.SoftwareInventory',
      prop: 'softwareInventory',
      value: 'false',
      reason: HOST_REFUSALS.softwareInventory,
    });
  }
  if (props.backup === false) {
    if (props.backupPlan) {
      throw new Error(`${construct.node.path}: backupPlan is given but backup is false: remove one of them.`);
    }
    refuseUnlessAcknowledged(construct, {
      controlId: 'Backup.ResourceInPlan',
      prop: 'backup',
      value: 'false',
      reason: HOST_REFUSALS.backup,
    });
  }
}
