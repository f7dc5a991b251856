import { Stack } from 'aws-cdk-lib';
import * as emr from 'aws-cdk-lib/aws-emr';
import { NagCase } from './types';

/** An EMR cluster with one master node; `extra` adds or overrides properties. */
function cluster(stack: Stack, id: string, extra: Partial<emr.CfnClusterProps> = {}): string {
  new emr.CfnCluster(stack, id, {
    name: id,
    releaseLabel: 'emr-7.2.0',
    jobFlowRole: 'EMR_EC2_DefaultRole',
    serviceRole: 'EMR_DefaultRole',
    instances: { masterInstanceGroup: { instanceCount: 1, instanceType: 'm5.xlarge' } },
    ...extra,
  });
  return id;
}

export const CASES: readonly NagCase[] = [
  {
    rule: 'EMRKerberosEnabled',
    compliant: true,
    title: 'cluster with Kerberos attributes and a security configuration',
    build: (stack) => {
      const sec = new emr.CfnSecurityConfiguration(stack, 'KerberosConfig', {
        securityConfiguration: {
          AuthenticationConfiguration: {
            KerberosConfiguration: { Provider: 'ClusterDedicatedKdc', ClusterDedicatedKdcConfiguration: { TicketLifetimeInHours: 24 } },
          },
        },
      });
      return cluster(stack, 'Cluster', {
        securityConfiguration: sec.ref,
        kerberosAttributes: { realm: 'EC2.INTERNAL', kdcAdminPassword: '{{resolve:secretsmanager:emr-kdc:SecretString:password}}' },
      });
    },
  },
  {
    rule: 'EMRKerberosEnabled',
    compliant: true,
    title: 'Kerberos attributes with a cross-realm trust to Active Directory',
    build: (stack) => cluster(stack, 'Cluster', {
      kerberosAttributes: {
        realm: 'EC2.INTERNAL',
        kdcAdminPassword: '{{resolve:secretsmanager:emr-kdc:SecretString:password}}',
        crossRealmTrustPrincipalPassword: '{{resolve:secretsmanager:emr-trust:SecretString:password}}',
        adDomainJoinUser: 'emr-join',
        adDomainJoinPassword: '{{resolve:secretsmanager:emr-join:SecretString:password}}',
      },
    }),
  },
  {
    rule: 'EMRKerberosEnabled',
    compliant: false,
    title: 'cluster without Kerberos attributes',
    build: (stack) => cluster(stack, 'Cluster'),
  },
  {
    rule: 'EMRKerberosEnabled',
    compliant: false,
    title: 'security configuration without Kerberos attributes on the cluster',
    build: (stack) => {
      const sec = new emr.CfnSecurityConfiguration(stack, 'EncryptionConfig', {
        securityConfiguration: { EncryptionConfiguration: { EnableInTransitEncryption: false, EnableAtRestEncryption: false } },
      });
      return cluster(stack, 'Cluster', { securityConfiguration: sec.ref });
    },
  },
];
