import { compareWithNag, EXPLANATIONS, NAG_ONLY_NOTES } from '../../scripts/nag-comparison';

describe('HipaaAspect and cdk-nag HIPAA Security over the same corpus', () => {
  const comparison = compareWithNag();

  test('they are compared on a meaningful number of (resource, rule) pairs', () => {
    expect(comparison.compared).toBeGreaterThan(50);
  });

  test('every disagreement is explained in docs/cdk-nag-comparison.md', () => {
    const unexplained = comparison.disagreements.filter((d) => !EXPLANATIONS[`${d.controlId}|${d.nagRule}`]);
    expect(unexplained).toEqual([]);
  });

  test('every cdk-nag rule without a matching control says why', () => {
    expect(comparison.nagOnlyRules.filter((r) => !NAG_ONLY_NOTES[r])).toEqual([]);
  });

  test('cdk-hipaa is at least as strict: no cdk-nag failure is missed except the explained ones', () => {
    const nagOnly = comparison.disagreements.filter((d) => d.failsIn === 'cdk-nag').map((d) => `${d.controlId}|${d.nagRule}`);
    expect([...new Set(nagOnly)].sort()).toEqual([
      'EC2.SubnetNoAutoPublicIp|VPCSubnetAutoAssignPublicIpDisabled', 'RDS.LogExports|RDSLoggingEnabled', 'RDS.NotPubliclyAccessible|RDSInstancePublicAccess', 'S3.NoAcls|S3BucketPublicReadProhibited',
    ]);
  });
});
