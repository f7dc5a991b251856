import { Stack, StackProps } from 'aws-cdk-lib';
import { HipaaKey } from 'cdk-hipaa';
import { Construct } from 'constructs';

/**
 * A PHI workload skeleton: copy this folder, replace `'cdk-hipaa'` imports if needed,
 * and grow it.
 */
export class StarterStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new HipaaKey(this, 'PhiKey', { alias: 'hipaa/starter' });
    void key;
  }
}
