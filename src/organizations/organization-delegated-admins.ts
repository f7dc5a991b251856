import { Token } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

const ACCOUNT_ID = /^\d{12}$/;

/** Properties of {@link OrganizationDelegatedAdmins}. */
export interface OrganizationDelegatedAdminsProps {
  /** The 12-digit id of the audit account that administers the organization's security services. */
  readonly auditAccountId: string;
}

/**
 * Makes the audit account the delegated administrator of the organization's security services,
 * deployed in the management account (in each region where Security Hub runs) before
 * {@link AuditAccount}.
 *
 * CloudFormation registers the Security Hub delegated administrator (`AWS::SecurityHub::DelegatedAdmin`,
 * which also enables Security Hub's trusted access). It has no resource for GuardDuty's delegated
 * administrator, nor for AWS Config's and CloudTrail's trusted access: run the commands of
 * {@link OrganizationDelegatedAdmins.setupCommands} once from the management account
 * (AWS Organizations User Guide, "AWS services that you can use with AWS Organizations";
 * GuardDuty `EnableOrganizationAdminAccount`; AWS Config "Enabling delegated administrator access"
 * for `config.amazonaws.com` (aggregators) and `config-multiaccountsetup.amazonaws.com`
 * (organization rules)).
 *
 * @example
 * new OrganizationDelegatedAdmins(this, 'Admins', { auditAccountId: '222222222222' });
 */
export class OrganizationDelegatedAdmins extends Construct {
  /**
   * The AWS CLI commands, run from the management account, that CloudFormation cannot do:
   * trusted access for CloudTrail and AWS Config, the audit account as delegated administrator of
   * AWS Config (aggregators and organization rules) and of GuardDuty in `region`.
   */
  public static setupCommands(auditAccountId: string, region: string): string[] {
    return [
      'aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com',
      'aws organizations enable-aws-service-access --service-principal config.amazonaws.com',
      'aws organizations enable-aws-service-access --service-principal config-multiaccountsetup.amazonaws.com',
      `aws organizations register-delegated-administrator --account-id ${auditAccountId} --service-principal config.amazonaws.com`,
      `aws organizations register-delegated-administrator --account-id ${auditAccountId} --service-principal config-multiaccountsetup.amazonaws.com`,
      'aws organizations enable-aws-service-access --service-principal guardduty.amazonaws.com',
      `aws guardduty enable-organization-admin-account --admin-account-id ${auditAccountId} --region ${region}`,
    ];
  }

  /** The Security Hub delegated administrator registration. */
  public readonly securityHub: securityhub.CfnDelegatedAdmin;

  constructor(scope: Construct, id: string, props: OrganizationDelegatedAdminsProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.auditAccountId) && !ACCOUNT_ID.test(props.auditAccountId)) {
      throw new Error(`OrganizationDelegatedAdmins ${this.node.path}: auditAccountId '${props.auditAccountId}' is not a 12-digit account id.`);
    }
    this.securityHub = new securityhub.CfnDelegatedAdmin(this, 'SecurityHub', { adminAccountId: props.auditAccountId });
  }
}
