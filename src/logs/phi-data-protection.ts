import * as logs from 'aws-cdk-lib/aws-logs';

/** The name of the data protection policy; CloudWatch Logs reports findings metrics under it. */
export const PHI_DATA_PROTECTION_POLICY_NAME = 'cdk-hipaa-phi';

/**
 * The managed data identifiers audited and masked by default: CloudWatch Logs' health
 * identifiers for the US, and the HIPAA identifiers (45 CFR 164.514(b)(2)) it can detect.
 * IP addresses are left out: flow logs and access logs consist of them.
 */
export const PHI_DATA_IDENTIFIERS: readonly logs.DataIdentifier[] = [
  logs.DataIdentifier.MEDICAREBENEFICIARYNUMBER_US,
  logs.DataIdentifier.HEALTHINSURANCECLAIMNUMBER_US,
  logs.DataIdentifier.NATIONALPROVIDERID_US,
  logs.DataIdentifier.NATIONALDRUGCODE_US,
  logs.DataIdentifier.DRUGENFORCEMENTAGENCYNUMBER_US,
  logs.DataIdentifier.HEALTHCAREPROCEDURECODE_US,
  logs.DataIdentifier.NAME,
  logs.DataIdentifier.ADDRESS,
  logs.DataIdentifier.ZIPCODE_US,
  logs.DataIdentifier.LATLONG,
  logs.DataIdentifier.EMAILADDRESS,
  logs.DataIdentifier.PHONENUMBER_US,
  logs.DataIdentifier.SSN_US,
  logs.DataIdentifier.INDIVIDUALTAXIDENTIFICATIONNUMBER_US,
  logs.DataIdentifier.DRIVERSLICENSE_US,
  logs.DataIdentifier.PASSPORTNUMBER_US,
  logs.DataIdentifier.BANKACCOUNTNUMBER_US,
  logs.DataIdentifier.CREDITCARDNUMBER,
  logs.DataIdentifier.VEHICLEIDENTIFICATIONNUMBER,
];

/**
 * A data protection policy that audits the default PHI identifiers and `additional` ones
 * (findings to `findings`) and masks them. CloudWatch Logs requires both statements.
 */
export function phiDataProtectionPolicy(findings: logs.ILogGroup, additional: logs.DataIdentifier[] = []): logs.DataProtectionPolicy {
  return new logs.DataProtectionPolicy({
    name: PHI_DATA_PROTECTION_POLICY_NAME,
    description: 'Audits and masks PHI identifiers in log events (cdk-hipaa)',
    identifiers: uniqueIdentifiers([...PHI_DATA_IDENTIFIERS, ...additional]),
    logGroupAuditDestination: findings,
  });
}

/** Data identifiers without repeats (by name), in their first order. */
function uniqueIdentifiers(identifiers: logs.DataIdentifier[]): logs.DataIdentifier[] {
  const seen = new Set<string>();
  return identifiers.filter((i) => !seen.has(i.name) && seen.add(i.name) !== undefined);
}
