import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagCase } from './types';

export const CASES: readonly NagCase[] = [
  {
    rule: 'SNSEncryptedKMS',
    compliant: true,
    title: 'topic encrypted with a customer-managed key',
    build: (stack) => {
      new sns.Topic(stack, 'Topic', { masterKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
      return 'Topic/Resource';
    },
  },
  {
    rule: 'SNSEncryptedKMS',
    compliant: true,
    title: 'topic encrypted with the AWS-managed alias/aws/sns key',
    build: (stack) => {
      new sns.CfnTopic(stack, 'Topic', { kmsMasterKeyId: 'alias/aws/sns' });
      return 'Topic';
    },
  },
  {
    rule: 'SNSEncryptedKMS',
    compliant: false,
    title: 'topic without encryption',
    build: (stack) => {
      new sns.Topic(stack, 'Topic');
      return 'Topic/Resource';
    },
  },
  {
    rule: 'SNSEncryptedKMS',
    compliant: false,
    title: 'FIFO topic without encryption',
    build: (stack) => {
      new sns.Topic(stack, 'Topic', { fifo: true, topicName: 'claims-events' });
      return 'Topic/Resource';
    },
  },
];
