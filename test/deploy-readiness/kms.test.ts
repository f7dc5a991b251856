import { key, serviceAllow, tpl } from './fixtures';
import { eventBridgeKeyConditions, keyPolicyPrincipalMustExist } from './rules/kms';

const awsAllow = (principal: any) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' });

describe('KeyPolicyPrincipalMustExist', () => {
  test('passes for account roots (Join, Sub, literal, id), *, and roles created in the template', () => {
    const t = tpl({
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named-role' } },
      Key: key(
        awsAllow({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }),
        awsAllow(['arn:aws:iam::123456789012:root', '123456789012', '*']),
        awsAllow({ 'Fn::GetAtt': ['Role', 'Arn'] }),
        awsAllow({ 'Fn::Sub': '${Role.Arn}' }),
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
      ),
    });
    expect(keyPolicyPrincipalMustExist(t, [t])).toEqual([]);
  });

  test('passes for a literal role ARN named by a role the key depends on', () => {
    const t = tpl({
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named-role' } },
      Key: { ...key(awsAllow({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/named-role' })), DependsOn: 'Role' },
    });
    expect(keyPolicyPrincipalMustExist(t, [t])).toEqual([]);
  });

  test('fails for a service-linked role', () => {
    const t = tpl({ Key: key(awsAllow('arn:aws:iam::123456789012:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup')) });
    const problems = keyPolicyPrincipalMustExist(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'KeyPolicyPrincipalMustExist', logicalId: 'Key' });
    expect(problems[0].message).toMatch(/service-linked role.*MalformedPolicyDocumentException/);
  });

  test('fails for literal role and user ARNs not created in the template, in a principal array', () => {
    const t = tpl({
      Key: key(awsAllow(['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/path/Admin', 'arn:aws:iam::123456789012:user/bob'])),
    });
    const problems = keyPolicyPrincipalMustExist(t, [t]);
    expect(problems.map((p) => p.message.split(' is ')[0])).toEqual([
      'Key policy principal arn:aws:iam::123456789012:role/path/Admin',
      'Key policy principal arn:aws:iam::123456789012:user/bob',
    ]);
    expect(problems[0].message).toMatch(/not created by this template/);
  });

  test('fails for a named role of the template that the key does not depend on', () => {
    const t = tpl({
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named-role' } },
      Key: key(awsAllow('arn:aws:iam::123456789012:role/named-role')),
    });
    expect(keyPolicyPrincipalMustExist(t, [t])[0].message).toMatch(/created by Role in this template, but the key does not depend on it/);
  });

  test('fails for GetAtt of a resource that is not in the template and for unresolvable values', () => {
    const t = tpl({ Key: key(awsAllow({ 'Fn::GetAtt': ['Missing', 'Arn'] }), awsAllow({ 'Fn::ImportValue': 'RoleArn' })) });
    const messages = keyPolicyPrincipalMustExist(t, [t]).map((p) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/refers to Missing, which is not a resource of this template/);
    expect(messages[1]).toMatch(/cannot be resolved/);
  });
});

describe('EventBridgeKeyConditions', () => {
  const topic = (keyRef: any) => ({ Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: keyRef } });

  test('passes for an unconditioned events grant on a topic key', () => {
    const t = tpl({ Key: key(serviceAllow('events.amazonaws.com', ['kms:GenerateDataKey*', 'kms:Decrypt'])), Topic: topic({ Ref: 'Key' }) });
    expect(eventBridgeKeyConditions(t, [t])).toEqual([]);
  });

  test('passes for an event bus key (no topic of the template uses it), where the conditions are recommended', () => {
    const t = tpl({ Key: key(serviceAllow('events.amazonaws.com', 'kms:Decrypt', { StringEquals: { 'aws:SourceAccount': '123456789012' } })) });
    expect(eventBridgeKeyConditions(t, [t])).toEqual([]);
  });

  test('fails for aws:SourceArn / aws:SourceAccount on a topic key, any operator and case, through an alias', () => {
    const t = tpl({
      Key: key(serviceAllow(['events.amazonaws.com'], ['kms:GenerateDataKey*', 'kms:Decrypt'], {
        ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/*' },
        StringEquals: { 'AWS:SourceAccount': '123456789012' },
      })),
      Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/topic', TargetKeyId: { Ref: 'Key' } } },
      Topic: topic({ Ref: 'Alias' }),
    });
    const problems = eventBridgeKeyConditions(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'EventBridgeKeyConditions', logicalId: 'Key' });
    expect(problems[0].message).toContain('conditioned on aws:SourceArn, AWS:SourceAccount');
  });

  test('fails for a topic that names the key by GetAtt Arn', () => {
    const t = tpl({
      Key: key(serviceAllow('events.amazonaws.com', 'kms:*', { StringEquals: { 'aws:SourceOrgID': 'o-1' } })),
      Topic: topic({ 'Fn::GetAtt': ['Key', 'Arn'] }),
    });
    expect(eventBridgeKeyConditions(t, [t])).toHaveLength(1);
  });
});
