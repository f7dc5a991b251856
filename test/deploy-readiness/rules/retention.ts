/**
 * What a failed first deploy leaves behind: retained resources, and databases that cannot be deleted.
 */
import { hipaaMetadata, indexOf, isTrue, problemsFor } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

/**
 * `RetainOrphansOnFailedCreate`: with `DeletionPolicy: Retain` CloudFormation keeps the resource
 * even when the stack operation that created it rolls back; a retained resource with a fixed name
 * then makes the retry fail with "already exists". `RetainExceptOnCreate` behaves like `Retain`
 * except for the operation that created the resource, which it cleans up on rollback (CDK:
 * `RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE`). `Snapshot` and `Delete` pass.
 *
 * Sources: CloudFormation "DeletionPolicy attribute" —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html ;
 * CDK "enum CfnDeletionPolicy" (RETAIN_EXCEPT_ON_CREATE) — https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnDeletionPolicy.html ;
 * "AWS CloudFormation ... RetainExceptOnCreate" (Jul 31, 2023) —
 * https://aws.amazon.com/about-aws/whats-new/2023/07/aws-cloudformation-deletion-policies-dev-test-cycle/
 *
 * Scenarios:
 * - PASS: no DeletionPolicy, `Delete`, `Snapshot`, `RetainExceptOnCreate`.
 * - FAIL: `Retain`.
 */
export function retainOrphansOnFailedCreate(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const problem = problemsFor('RetainOrphansOnFailedCreate', t);
  const problems: DeployProblem[] = [];
  for (const [id, r] of Object.entries(indexOf(t).resources)) {
    if (r?.DeletionPolicy !== 'Retain') continue;
    problems.push(problem(id,
      `${r.Type} has DeletionPolicy Retain: when the stack's first deploy fails, the rollback keeps it and a retry with the same name fails with "already exists". `
      + 'Use RetainExceptOnCreate (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE).'));
  }
  return problems;
}

/**
 * `DeletionProtectedCreate`: RDS refuses to delete a DB instance or cluster while deletion
 * protection is on, and rolling back a failed create means deleting what the operation created;
 * so a database created with `DeletionProtection: true` cannot be removed by the rollback of a
 * failed first deploy and the stack ends in ROLLBACK_FAILED until someone turns the protection off
 * by hand. (This combines the two documented facts; the RDS and CloudFormation pages do not spell
 * out the combination.) The setting does not apply to Aurora DB instances (those with
 * `DBClusterIdentifier`): the cluster's setting counts, and its instances can be deleted.
 *
 * Sources: RDS API, ModifyDBInstance/RestoreDBClusterFromSnapshot `DeletionProtection` ("The database
 * can't be deleted when deletion protection is enabled"; not for Aurora instances) —
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-modify-db-instance-request/deletion-protection.html ;
 * rollback deletes resources created by the failed operation: "AWS CloudFormation ... RetainExceptOnCreate" —
 * https://aws.amazon.com/about-aws/whats-new/2023/07/aws-cloudformation-deletion-policies-dev-test-cycle/
 *
 * Scenarios:
 * - PASS: `DeletionProtection` absent or false; an Aurora DB instance (has `DBClusterIdentifier`).
 * - PASS: `DeletionPolicy: Retain` (the rollback does not delete it; `RetainOrphansOnFailedCreate` reports it).
 * - PASS: Metadata `cdk_hipaa.deletionProtectionOnCreate: "accepted"` (the user accepts the manual clean-up).
 * - FAIL: `AWS::RDS::DBInstance` / `AWS::RDS::DBCluster` with `DeletionProtection` true (or an unresolvable value).
 */
export function deletionProtectedCreate(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('DeletionProtectedCreate', t);
  const problems: DeployProblem[] = [];
  for (const id of [...index.ofType('AWS::RDS::DBInstance'), ...index.ofType('AWS::RDS::DBCluster')]) {
    const r = index.resources[id];
    const dp = r.Properties?.DeletionProtection;
    if (dp === undefined || dp === false || dp === 'false') continue;
    if (r.Type === 'AWS::RDS::DBInstance' && r.Properties?.DBClusterIdentifier !== undefined) continue;
    if (r.DeletionPolicy === 'Retain') continue;
    if (hipaaMetadata(r, 'deletionProtectionOnCreate') === 'accepted') continue;
    const how = isTrue(dp) ? 'is created with DeletionProtection' : 'has a DeletionProtection value that cannot be resolved';
    problems.push(problem(id,
      `${r.Type} ${how}: if the stack's first deploy fails, the rollback cannot delete it and the stack is left in ROLLBACK_FAILED. `
      + 'Turn deletion protection on after the first successful deploy, or accept the manual clean-up (Metadata cdk_hipaa.deletionProtectionOnCreate = "accepted").'));
  }
  return problems;
}
