import { CfnParameter } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

/** A trail as AuditTrail should render it. */
function compliantTrail(f: ControlFixture, id = 'Trail'): cloudtrail.Trail {
  return new cloudtrail.Trail(f.stack, id, { encryptionKey: new kms.Key(f.stack, `${id}Key`), sendToCloudWatchLogs: true });
}

/** An L1 trail with every setting right, to break one property at a time. */
function l1Trail(f: ControlFixture, overrides: Partial<cloudtrail.CfnTrailProps> = {}): cloudtrail.CfnTrail {
  return new cloudtrail.CfnTrail(f.stack, 'Trail', {
    isLogging: true,
    s3BucketName: 'audit-bucket',
    kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    enableLogFileValidation: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:trail:*',
    cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/trail-logs',
    ...overrides,
  });
}

describe('a compliant trail', () => {
  test('passes every CloudTrail control', () => {
    const f = new ControlFixture();
    compliantTrail(f);
    for (const id of ['CloudTrail.Encrypted', 'CloudTrail.LogFileValidation', 'CloudTrail.CloudWatchLogs', 'CloudTrail.MultiRegion', 'CloudTrail.Logging']) {
      expect([id, f.status(id, 'Trail/Resource')]).toEqual([id, 'PASS']);
    }
  });
  test('an L1 trail with every setting passes every CloudTrail control', () => {
    const f = new ControlFixture();
    l1Trail(f);
    for (const id of ['CloudTrail.Encrypted', 'CloudTrail.LogFileValidation', 'CloudTrail.CloudWatchLogs', 'CloudTrail.MultiRegion', 'CloudTrail.Logging']) {
      expect([id, f.status(id, 'Trail')]).toEqual([id, 'PASS']);
    }
  });
});

describe('CloudTrail.Encrypted', () => {
  test('FAIL given the L2 default (SSE-S3)', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail');
    expect(f.status('CloudTrail.Encrypted', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.Encrypted', 'Trail/Resource')).toMatch(/KMSKeyId is not set, so SSE-S3 is used/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    l1Trail(f, { kmsKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('CloudTrail.Encrypted', 'Trail')).toBe('UNVERIFIABLE');
  });
});

describe('CloudTrail.LogFileValidation', () => {
  test('PASS given the L2 default', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail');
    expect(f.status('CloudTrail.LogFileValidation', 'Trail/Resource')).toBe('PASS');
  });
  test('FAIL given enableFileValidation: false', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail', { enableFileValidation: false });
    expect(f.status('CloudTrail.LogFileValidation', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.LogFileValidation', 'Trail/Resource')).toMatch(/EnableLogFileValidation is not true/);
  });
  test('FAIL given an L1 trail without it', () => {
    const f = new ControlFixture();
    l1Trail(f, { enableLogFileValidation: undefined });
    expect(f.status('CloudTrail.LogFileValidation', 'Trail')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the flag from a parameter', () => {
    const f = new ControlFixture();
    l1Trail(f, { enableLogFileValidation: new CfnParameter(f.stack, 'Validate').valueAsString as any });
    expect(f.status('CloudTrail.LogFileValidation', 'Trail')).toBe('UNVERIFIABLE');
  });
});

describe('CloudTrail.CloudWatchLogs', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail');
    expect(f.status('CloudTrail.CloudWatchLogs', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.CloudWatchLogs', 'Trail/Resource')).toMatch(/CloudWatchLogsLogGroupArn is not set/);
  });
  test('FAIL given a log group without a role', () => {
    const f = new ControlFixture();
    l1Trail(f, { cloudWatchLogsRoleArn: undefined });
    expect(f.status('CloudTrail.CloudWatchLogs', 'Trail')).toBe('FAIL');
    expect(f.message('CloudTrail.CloudWatchLogs', 'Trail')).toMatch(/CloudWatchLogsRoleArn is not set/);
  });
});

describe('CloudTrail.MultiRegion', () => {
  test('PASS given the L2 default', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail');
    expect(f.status('CloudTrail.MultiRegion', 'Trail/Resource')).toBe('PASS');
  });
  test('FAIL given isMultiRegionTrail: false', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail', { isMultiRegionTrail: false });
    expect(f.status('CloudTrail.MultiRegion', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.MultiRegion', 'Trail/Resource')).toMatch(/IsMultiRegionTrail is not true/);
  });
  test('FAIL given global service events excluded', () => {
    const f = new ControlFixture();
    new cloudtrail.Trail(f.stack, 'Trail', { includeGlobalServiceEvents: false, isMultiRegionTrail: true });
    expect(f.status('CloudTrail.MultiRegion', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.MultiRegion', 'Trail/Resource')).toMatch(/IncludeGlobalServiceEvents is false/);
  });
  test('FAIL given an L1 single-region trail', () => {
    const f = new ControlFixture();
    l1Trail(f, { isMultiRegionTrail: undefined });
    expect(f.status('CloudTrail.MultiRegion', 'Trail')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the flag from a parameter', () => {
    const f = new ControlFixture();
    l1Trail(f, { isMultiRegionTrail: new CfnParameter(f.stack, 'Multi').valueAsString as any });
    expect(f.status('CloudTrail.MultiRegion', 'Trail')).toBe('UNVERIFIABLE');
  });
});

describe('CloudTrail.Logging', () => {
  test('FAIL given logging turned off by an override', () => {
    const f = new ControlFixture();
    const trail = compliantTrail(f);
    (trail.node.defaultChild as cloudtrail.CfnTrail).addPropertyOverride('IsLogging', false);
    expect(f.status('CloudTrail.Logging', 'Trail/Resource')).toBe('FAIL');
    expect(f.message('CloudTrail.Logging', 'Trail/Resource')).toMatch(/IsLogging is false/);
  });
  test('UNVERIFIABLE given IsLogging from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'On', { type: 'String' });
    l1Trail(f, { isLogging: p.valueAsString as any });
    expect(f.status('CloudTrail.Logging', 'Trail')).toBe('UNVERIFIABLE');
  });
});

describe('CloudTrail.ManagementEvents', () => {
  function trail(f: ControlFixture, props: Partial<cloudtrail.CfnTrailProps> = {}): void {
    new cloudtrail.CfnTrail(f.stack, 'Trail', { isLogging: true, s3BucketName: 'logs', ...props });
  }
  test('PASS given no event selectors (every management event is recorded)', () => {
    const f = new ControlFixture();
    trail(f);
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('PASS');
  });
  test('PASS given an event selector with management events, read and write', () => {
    const f = new ControlFixture();
    trail(f, { eventSelectors: [{ includeManagementEvents: true, readWriteType: 'All', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('PASS');
  });
  test('PASS given an advanced selector on every management event', () => {
    const f = new ControlFixture();
    trail(f, { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('PASS');
  });
  test('FAIL given write-only management events (ReadWriteType.WRITE_ONLY)', () => {
    const f = new ControlFixture();
    trail(f, { eventSelectors: [{ readWriteType: 'WriteOnly' }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('FAIL');
    expect(f.message('CloudTrail.ManagementEvents', 'Trail')).toMatch(/no event selector records every read and write management event/);
  });
  test('FAIL given selectors for data events only', () => {
    const f = new ControlFixture();
    trail(f, { eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('FAIL');
  });
  test('FAIL given an advanced selector that keeps read-only management events only', () => {
    const f = new ControlFixture();
    trail(f, { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['true'] }] }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the read/write type from a parameter', () => {
    const f = new ControlFixture();
    trail(f, { eventSelectors: [{ readWriteType: new CfnParameter(f.stack, 'Rw', { type: 'String' }).valueAsString }] });
    expect(f.status('CloudTrail.ManagementEvents', 'Trail')).toBe('UNVERIFIABLE');
  });
});
