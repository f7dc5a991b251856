import { DeployTemplate } from './model';

/** A synthetic template of `resources` for stack `stackName`. */
export function tpl(resources: Record<string, any>, opts: Partial<Omit<DeployTemplate, 'template'>> = {}): DeployTemplate {
  return { stackName: opts.stackName ?? 'Stack', template: { Resources: resources }, ...opts };
}

/** The account root as CDK renders it. */
export const ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };

/** A key whose policy is `statements` plus the account-root statement. */
export function key(...statements: any[]): any {
  return {
    Type: 'AWS::KMS::Key',
    Properties: {
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }, ...statements],
      },
    },
  };
}

/** An Allow statement for a service principal. */
export function serviceAllow(service: string | string[], action: string | string[], condition?: any): any {
  return { Effect: 'Allow', Principal: { Service: service }, Action: action, Resource: '*', ...(condition ? { Condition: condition } : {}) };
}
