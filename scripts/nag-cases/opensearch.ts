import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticsearch from 'aws-cdk-lib/aws-elasticsearch';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { NagCase } from './types';

/** An OpenSearch domain built with the L2 construct; `props` adds or overrides properties. */
function domain(stack: Stack, props: Partial<opensearch.DomainProps> = {}): string {
  new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_19, ...props });
  return 'Domain/Resource';
}

/** A domain in one private subnet of a new VPC. */
function vpcPlacement(stack: Stack): Partial<opensearch.DomainProps> {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return { vpc, vpcSubnets: [{ subnets: [vpc.privateSubnets[0]] }] };
}

/** A legacy Elasticsearch domain (AWS::Elasticsearch::Domain); `props` adds properties. */
function legacyDomain(stack: Stack, props: elasticsearch.CfnDomainProps = {}): string {
  new elasticsearch.CfnDomain(stack, 'Domain', { elasticsearchVersion: '7.10', ...props });
  return 'Domain';
}

/** A raw OpenSearch domain (AWS::OpenSearchService::Domain); `props` adds properties. */
function cfnDomain(stack: Stack, props: opensearch.CfnDomainProps = {}): string {
  new opensearch.CfnDomain(stack, 'Domain', { engineVersion: 'OpenSearch_2.19', ...props });
  return 'Domain';
}

const ENCRYPTED_AT_REST: NagCase[] = [
  {
    rule: 'OpenSearchEncryptedAtRest',
    compliant: true,
    title: 'domain encrypted at rest',
    build: (stack) => domain(stack, { encryptionAtRest: { enabled: true } }),
  },
  {
    rule: 'OpenSearchEncryptedAtRest',
    compliant: true,
    title: 'legacy Elasticsearch domain encrypted at rest',
    build: (stack) => legacyDomain(stack, { encryptionAtRestOptions: { enabled: true } }),
  },
  {
    rule: 'OpenSearchEncryptedAtRest',
    compliant: false,
    title: 'L2 domain with the default (encryption at rest off)',
    build: (stack) => domain(stack),
  },
  {
    rule: 'OpenSearchEncryptedAtRest',
    compliant: false,
    title: 'legacy Elasticsearch domain without encryption options',
    build: (stack) => legacyDomain(stack),
  },
  {
    rule: 'OpenSearchEncryptedAtRest',
    compliant: false,
    title: 'L1 domain with encryption at rest disabled',
    build: (stack) => cfnDomain(stack, { encryptionAtRestOptions: { enabled: false } }),
  },
];

const ERROR_LOGS: NagCase[] = [
  {
    rule: 'OpenSearchErrorLogsToCloudWatch',
    compliant: true,
    title: 'application (error) logs published to CloudWatch Logs',
    build: (stack) => domain(stack, { logging: { appLogEnabled: true } }),
  },
  {
    rule: 'OpenSearchErrorLogsToCloudWatch',
    compliant: true,
    title: 'L1 application log entry present but disabled (only its presence is read)',
    build: (stack) => cfnDomain(stack, { logPublishingOptions: { ES_APPLICATION_LOGS: { enabled: false } } }),
  },
  {
    rule: 'OpenSearchErrorLogsToCloudWatch',
    compliant: false,
    title: 'domain without log publishing',
    build: (stack) => domain(stack),
  },
  {
    rule: 'OpenSearchErrorLogsToCloudWatch',
    compliant: false,
    title: 'slow search logs only',
    build: (stack) => domain(stack, { logging: { slowSearchLogEnabled: true } }),
  },
  {
    rule: 'OpenSearchErrorLogsToCloudWatch',
    compliant: false,
    title: 'legacy Elasticsearch domain with audit logs only',
    build: (stack) => legacyDomain(stack, {
      logPublishingOptions: {
        AUDIT_LOGS: { enabled: true, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:es-audit' },
      },
    }),
  },
];

const IN_VPC: NagCase[] = [
  {
    rule: 'OpenSearchInVPCOnly',
    compliant: true,
    title: 'domain in a private subnet',
    build: (stack) => domain(stack, vpcPlacement(stack)),
  },
  {
    rule: 'OpenSearchInVPCOnly',
    compliant: true,
    title: 'legacy Elasticsearch domain with VPC options',
    build: (stack) => legacyDomain(stack, { vpcOptions: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] } }),
  },
  {
    rule: 'OpenSearchInVPCOnly',
    compliant: false,
    title: 'domain with a public endpoint',
    build: (stack) => domain(stack),
  },
  {
    rule: 'OpenSearchInVPCOnly',
    compliant: false,
    title: 'L1 VPC options with security groups but no subnets',
    build: (stack) => cfnDomain(stack, { vpcOptions: { securityGroupIds: ['sg-0123456789abcdef0'] } }),
  },
];

const NODE_TO_NODE: NagCase[] = [
  {
    rule: 'OpenSearchNodeToNodeEncryption',
    compliant: true,
    title: 'node-to-node encryption on',
    build: (stack) => domain(stack, { nodeToNodeEncryption: true }),
  },
  {
    rule: 'OpenSearchNodeToNodeEncryption',
    compliant: true,
    title: 'legacy Elasticsearch domain with node-to-node encryption',
    build: (stack) => legacyDomain(stack, { nodeToNodeEncryptionOptions: { enabled: true } }),
  },
  {
    rule: 'OpenSearchNodeToNodeEncryption',
    compliant: false,
    title: 'L2 domain with the default (node-to-node encryption off)',
    build: (stack) => domain(stack),
  },
  {
    rule: 'OpenSearchNodeToNodeEncryption',
    compliant: false,
    title: 'L1 domain without node-to-node options',
    build: (stack) => cfnDomain(stack),
  },
];

export const CASES: readonly NagCase[] = [...ENCRYPTED_AT_REST, ...ERROR_LOGS, ...IN_VPC, ...NODE_TO_NODE];
