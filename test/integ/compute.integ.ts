// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:compute:deploy`.
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
  // A fixed image keeps the snapshot stable; use MachineImage.latestAmazonLinux2023() in real apps.
  machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }),
});
new HipaaLaunchTemplate(stack, 'Fleet', {
  vpc,
  instanceType: new ec2.InstanceType('t3.micro'),
  machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }),
});
HipaaAspect.applyTo(stack);
app.synth();
