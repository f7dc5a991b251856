// Integration test app: synthesized and compared with its snapshot by `npm test`; synth-only until
// someone deploys it with `npx projen integ:compute:deploy` (account and region from INTEG_ENV).
// Deploying it runs two t3.micro instances (one via Auto Scaling), a NAT-less VPC with endpoints and
// encrypted volumes: roughly USD 1-2 a day; the keys, log groups and backup vault are kept on destroy.
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { INTEG_ENV, integApp } from './integ-app';
import { HipaaAspect, HipaaInstance, HipaaLaunchTemplate } from '../../src';
import { privateVpc } from '../library-constructs';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaComputeInteg', { env: INTEG_ENV });
const vpc = privateVpc(stack);
new HipaaInstance(stack, 'Server', {
  vpc,
  instanceType: new ec2.InstanceType('t3.micro'),
  // Resolved from the public SSM parameter at deploy time: the template (and snapshot) stay stable.
  machineImage: ec2.MachineImage.latestAmazonLinux2023(),
});
new HipaaLaunchTemplate(stack, 'Fleet', {
  vpc,
  instanceType: new ec2.InstanceType('t3.micro'),
  machineImage: ec2.MachineImage.latestAmazonLinux2023(),
});
HipaaAspect.applyTo(stack);
app.synth();
