import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as workspaces from 'aws-cdk-lib/aws-workspaces';
import { ControlFixture } from './harness';

// aws-cdk-lib has no WorkSpaces L2: these controls are exercised on L1 WorkSpaces.
function workspace(f: ControlFixture, props: Partial<workspaces.CfnWorkspaceProps> = {}): workspaces.CfnWorkspace {
  return new workspaces.CfnWorkspace(f.stack, 'Desktop', {
    bundleId: 'wsb-12345678',
    directoryId: 'd-1234567890',
    userName: 'clinician',
    rootVolumeEncryptionEnabled: true,
    userVolumeEncryptionEnabled: true,
    volumeEncryptionKey: new kms.Key(f.stack, 'Key').keyArn,
    ...props,
  });
}

describe('WorkSpaces.VolumesEncrypted', () => {
  test('PASS given both volumes encrypted', () => {
    const f = new ControlFixture();
    workspace(f);
    expect(f.status('WorkSpaces.VolumesEncrypted', 'Desktop')).toBe('PASS');
  });
  test('fails when the flags are absent (false)', () => {
    const f = new ControlFixture();
    workspace(f, { rootVolumeEncryptionEnabled: undefined, userVolumeEncryptionEnabled: undefined, volumeEncryptionKey: undefined });
    expect(f.status('WorkSpaces.VolumesEncrypted', 'Desktop')).toBe('FAIL');
    expect(f.message('WorkSpaces.VolumesEncrypted', 'Desktop')).toMatch(/RootVolumeEncryptionEnabled is not set \(false\) and UserVolumeEncryptionEnabled/);
  });
  test('fails when only the root volume is encrypted', () => {
    const f = new ControlFixture();
    workspace(f, { userVolumeEncryptionEnabled: false });
    expect(f.status('WorkSpaces.VolumesEncrypted', 'Desktop')).toBe('FAIL');
    expect(f.message('WorkSpaces.VolumesEncrypted', 'Desktop')).toMatch(/^UserVolumeEncryptionEnabled is false/);
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    const flag = new CfnParameter(f.stack, 'Encrypt', { type: 'String', allowedValues: ['true', 'false'] }).valueAsString;
    workspace(f, { userVolumeEncryptionEnabled: flag as any });
    expect(f.status('WorkSpaces.VolumesEncrypted', 'Desktop')).toBe('UNVERIFIABLE');
  });
});

describe('WorkSpaces.CustomerManagedKey', () => {
  test('PASS given a customer key', () => {
    const f = new ControlFixture();
    workspace(f);
    expect(f.status('WorkSpaces.CustomerManagedKey', 'Desktop')).toBe('PASS');
  });
  test('fails when no key is given (aws/workspaces)', () => {
    const f = new ControlFixture();
    workspace(f, { volumeEncryptionKey: undefined });
    expect(f.status('WorkSpaces.CustomerManagedKey', 'Desktop')).toBe('FAIL');
    expect(f.message('WorkSpaces.CustomerManagedKey', 'Desktop')).toMatch(/aws\/workspaces/);
  });
  test('fails when the key is the AWS-managed alias', () => {
    const f = new ControlFixture();
    workspace(f, { volumeEncryptionKey: 'alias/aws/workspaces' });
    expect(f.status('WorkSpaces.CustomerManagedKey', 'Desktop')).toBe('FAIL');
    expect(f.message('WorkSpaces.CustomerManagedKey', 'Desktop')).toMatch(/AWS-managed key/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    workspace(f, { volumeEncryptionKey: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('WorkSpaces.CustomerManagedKey', 'Desktop')).toBe('UNVERIFIABLE');
  });
  test('N/A given no volume encrypted', () => {
    const f = new ControlFixture();
    workspace(f, { rootVolumeEncryptionEnabled: false, userVolumeEncryptionEnabled: false, volumeEncryptionKey: undefined });
    expect(f.status('WorkSpaces.CustomerManagedKey', 'Desktop')).toBe('N/A');
  });
});
