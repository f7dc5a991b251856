import { Stack } from 'aws-cdk-lib';
/** One case of a cdk-nag HIPAA Security rule, in this project's own words. */
export interface NagCase {
  /** The rule's name in cdk-nag's HIPAA Security pack, e.g. 'S3BucketVersioningEnabled'. */
  readonly rule: string;
  /** Whether cdk-nag judges the resource compliant with the rule. */
  readonly compliant: boolean;
  /** What the case shows, in a few words. */
  readonly title: string;
  /**
   * Builds the case in an empty stack (account 123456789012, region us-east-1) and returns the
   * construct path, relative to the stack, of the resource the rule judges (e.g. 'Bucket/Resource').
   */
  build(stack: Stack): string;
}
