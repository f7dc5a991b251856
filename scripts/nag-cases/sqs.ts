import { NagCase } from './types';

/**
 * cdk-nag's HIPAA Security pack has no SQS rule: its rules/sqs folder (SQSQueueDLQ, SQSQueueSSE,
 * SQSQueueSSLRequestsOnly, SQSRedrivePolicy) is used by other packs only, so there is nothing to compare here.
 */
export const CASES: readonly NagCase[] = [];
