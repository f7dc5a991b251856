import { CfnParameter } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { ControlFixture } from './harness';

// aws-cdk-lib has no Transfer Family L2: these controls are exercised on L1 servers.
const VPC_ENDPOINT: transfer.CfnServer.EndpointDetailsProperty = { vpcId: 'vpc-1', subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] };

function server(f: ControlFixture, props: transfer.CfnServerProps = {}): transfer.CfnServer {
  return new transfer.CfnServer(f.stack, 'Server', props);
}

/** A server as the library recommends: SFTP in a VPC, a current policy, structured logs. */
function compliantServer(f: ControlFixture, props: transfer.CfnServerProps = {}): transfer.CfnServer {
  const logGroup = new logs.LogGroup(f.stack, 'Logs');
  return server(f, {
    protocols: ['SFTP'],
    securityPolicyName: 'TransferSecurityPolicy-2024-01',
    structuredLogDestinations: [logGroup.logGroupArn],
    endpointType: 'VPC',
    endpointDetails: VPC_ENDPOINT,
    ...props,
  });
}

describe('Transfer.NoPlaintextFtp', () => {
  test('PASS given SFTP and FTPS', () => {
    const f = new ControlFixture();
    compliantServer(f, { protocols: ['SFTP', 'FTPS'], certificate: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', identityProviderType: 'AWS_LAMBDA' });
    expect(f.status('Transfer.NoPlaintextFtp', 'Server')).toBe('PASS');
  });
  test('PASS given no Protocols (SFTP)', () => {
    const f = new ControlFixture();
    server(f);
    expect(f.status('Transfer.NoPlaintextFtp', 'Server')).toBe('PASS');
  });
  test('fails when FTP is offered', () => {
    const f = new ControlFixture();
    compliantServer(f, { protocols: ['FTPS', 'FTP'], identityProviderType: 'AWS_LAMBDA' });
    expect(f.status('Transfer.NoPlaintextFtp', 'Server')).toBe('FAIL');
    expect(f.message('Transfer.NoPlaintextFtp', 'Server')).toMatch(/includes FTP/);
  });
  test('UNVERIFIABLE given the protocols from a parameter', () => {
    const f = new ControlFixture();
    compliantServer(f, { protocols: new CfnParameter(f.stack, 'Protocols', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('Transfer.NoPlaintextFtp', 'Server')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given one protocol from a parameter', () => {
    const f = new ControlFixture();
    compliantServer(f, { protocols: ['SFTP', new CfnParameter(f.stack, 'Protocol').valueAsString] });
    expect(f.status('Transfer.NoPlaintextFtp', 'Server')).toBe('UNVERIFIABLE');
  });
});

describe('Transfer.SecurityPolicy', () => {
  test.each([
    'TransferSecurityPolicy-2022-03', 'TransferSecurityPolicy-2024-01', 'TransferSecurityPolicy-FIPS-2024-05',
    'TransferSecurityPolicy-Restricted-2024-06', 'TransferSecurityPolicy-SshAuditCompliant-2025-02',
  ])('PASS given %s', (name) => {
    const f = new ControlFixture();
    compliantServer(f, { securityPolicyName: name });
    expect(f.status('Transfer.SecurityPolicy', 'Server')).toBe('PASS');
  });
  test('fails when no policy is named (2018-11)', () => {
    const f = new ControlFixture();
    server(f);
    expect(f.status('Transfer.SecurityPolicy', 'Server')).toBe('FAIL');
    expect(f.message('Transfer.SecurityPolicy', 'Server')).toMatch(/TransferSecurityPolicy-2018-11/);
  });
  test.each(['TransferSecurityPolicy-2018-11', 'TransferSecurityPolicy-2020-06', 'TransferSecurityPolicy-FIPS-2020-06', 'TransferSecurityPolicy-Restricted-2020-06'])(
    'fails when the policy is %s', (name) => {
      const f = new ControlFixture();
      compliantServer(f, { securityPolicyName: name });
      expect(f.status('Transfer.SecurityPolicy', 'Server')).toBe('FAIL');
      expect(f.message('Transfer.SecurityPolicy', 'Server')).toMatch(/dated before 2022-03/);
    });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    compliantServer(f, { securityPolicyName: new CfnParameter(f.stack, 'Policy').valueAsString });
    expect(f.status('Transfer.SecurityPolicy', 'Server')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a name without a date', () => {
    const f = new ControlFixture();
    compliantServer(f, { securityPolicyName: 'TransferSecurityPolicy-Latest' });
    expect(f.status('Transfer.SecurityPolicy', 'Server')).toBe('UNVERIFIABLE');
  });
});

describe('Transfer.Logging', () => {
  test('PASS given structured log destinations', () => {
    const f = new ControlFixture();
    compliantServer(f);
    expect(f.status('Transfer.Logging', 'Server')).toBe('PASS');
  });
  test('PASS given a logging role', () => {
    const f = new ControlFixture();
    compliantServer(f, { structuredLogDestinations: undefined, loggingRole: 'arn:aws:iam::123456789012:role/transfer-logging' });
    expect(f.status('Transfer.Logging', 'Server')).toBe('PASS');
  });
  test('fails when nothing is logged', () => {
    const f = new ControlFixture();
    server(f);
    expect(f.status('Transfer.Logging', 'Server')).toBe('FAIL');
    expect(f.message('Transfer.Logging', 'Server')).toMatch(/neither LoggingRole nor StructuredLogDestinations/);
  });
  test('UNVERIFIABLE given the role from a parameter', () => {
    const f = new ControlFixture();
    compliantServer(f, { structuredLogDestinations: undefined, loggingRole: new CfnParameter(f.stack, 'Role').valueAsString });
    expect(f.status('Transfer.Logging', 'Server')).toBe('UNVERIFIABLE');
  });
});

describe('Transfer.EndpointNotPublic', () => {
  test('PASS given a VPC endpoint', () => {
    const f = new ControlFixture();
    compliantServer(f);
    expect(f.status('Transfer.EndpointNotPublic', 'Server')).toBe('PASS');
  });
  test('fails when EndpointType is absent (PUBLIC)', () => {
    const f = new ControlFixture();
    server(f);
    expect(f.status('Transfer.EndpointNotPublic', 'Server')).toBe('FAIL');
    expect(f.message('Transfer.EndpointNotPublic', 'Server')).toMatch(/not set \(PUBLIC\)/);
  });
  test('fails when EndpointType is PUBLIC', () => {
    const f = new ControlFixture();
    compliantServer(f, { endpointType: 'PUBLIC', endpointDetails: undefined });
    expect(f.status('Transfer.EndpointNotPublic', 'Server')).toBe('FAIL');
    expect(f.message('Transfer.EndpointNotPublic', 'Server')).toMatch(/EndpointType is PUBLIC/);
  });
  test('UNVERIFIABLE given the type from a parameter', () => {
    const f = new ControlFixture();
    compliantServer(f, { endpointType: new CfnParameter(f.stack, 'EndpointType').valueAsString });
    expect(f.status('Transfer.EndpointNotPublic', 'Server')).toBe('UNVERIFIABLE');
  });
});
