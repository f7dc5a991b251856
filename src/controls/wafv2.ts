import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { joinedLiteral, str, UNKNOWN } from './values';

const WEB_ACL = 'AWS::WAFv2::WebACL';
const LOGGING_CONFIGURATION = 'AWS::WAFv2::LoggingConfiguration';

/** The web ACL name in a WAFv2 web ACL ARN (`arn:<partition>:wafv2:<region>:<account>:<scope>/webacl/<name>/<id>`). */
const WEB_ACL_ARN_NAME = /^arn:[^:]+:wafv2:[^:]*:[^:]*:[^/]+\/webacl\/([^/]+)\//;

/** How a logging configuration's ResourceArn relates to one web ACL. */
type Link = 'linked' | 'ref' | 'possible' | 'other';

/**
 * - `Fn::GetAtt [acl, Arn]` → 'linked';
 * - `Ref` to the ACL (which returns `name|id|scope`, not the ARN) → 'ref';
 * - a reference to another resource, or a literal ARN of another name → 'other';
 * - a literal ARN naming the ACL's name (or any name, when the ACL's name is a parameter), a value that
 *   references the ACL inside a function, or an intrinsic synth cannot follow → 'possible'.
 */
function link(configuration: RenderedResource, acl: RenderedResource, index: ResourceIndex): Link {
  const arn = configuration.properties.ResourceArn;
  const target = index.target(arn, configuration);
  if (target) {
    if (target.key !== acl.key) return 'other';
    if (arn?.Ref !== undefined) return 'ref';
    const getAtt = arn['Fn::GetAtt'];
    const attribute = Array.isArray(getAtt) ? getAtt[1] : String(getAtt).split('.')[1];
    return attribute === 'Arn' ? 'linked' : 'other';
  }
  const literal = typeof arn === 'string' ? arn : joinedLiteral(arn);
  if (literal !== undefined) {
    const name = WEB_ACL_ARN_NAME.exec(literal.replace(/\$\{AWS::\w+\}/g, 'pseudo'))?.[1];
    if (name === undefined) return 'other';
    const aclName = str(acl.properties.Name);
    // A web ACL without a Name gets one CloudFormation makes up at deploy, which a template cannot spell.
    return aclName === UNKNOWN || aclName === name ? 'possible' : 'other';
  }
  return arn !== null && typeof arn === 'object' ? 'possible' : 'other';
}

/**
 * WAFv2.Logging: a web ACL sends its logs somewhere (an AWS::WAFv2::LoggingConfiguration for it).
 * - given a LoggingConfiguration whose ResourceArn is the ACL's Arn attribute (webAcl.attrArn), then PASS
 * - given no LoggingConfiguration for the ACL, or only ones for other ACLs, then FAIL (warning)
 * - given a LoggingConfiguration whose ResourceArn is a Ref to the ACL (Ref returns name|id|scope, not the ARN), then FAIL
 * - given a ResourceArn written as a literal ARN with the ACL's name, built from the ACL inside a function,
 *   or from a parameter or another stack, then UNVERIFIABLE (synth cannot prove it is this ACL)
 */
const logging: Control = {
  id: 'WAFv2.Logging',
  title: 'WAFv2 web ACL logging is enabled',
  resourceTypes: [WEB_ACL],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'WAFv2LoggingEnabled',
  rationale: 'The web ACL sees every request to the application it guards; its logs show who was let through or blocked, and which rule decided.',
  fix: 'Add a wafv2.CfnLoggingConfiguration with resourceArn: webAcl.attrArn and a log destination (a Firehose stream, S3 bucket or log group named aws-waf-logs-*).',
  check: (r, index) => {
    const links = index.ofType(LOGGING_CONFIGURATION).map((c) => ({ id: c.logicalId, link: link(c, r, index) }));
    if (links.some((l) => l.link === 'linked')) return pass();
    const refs = links.filter((l) => l.link === 'ref');
    if (refs.length > 0) {
      return fail(`${refs.map((l) => l.id).join(', ')} ${refs.length === 1 ? 'points' : 'point'} at the ACL with Ref, which returns name|id|scope rather than the ARN; `
        + 'use the Arn attribute (webAcl.attrArn).');
    }
    const possible = links.filter((l) => l.link === 'possible');
    if (possible.length > 0) {
      return unverifiable(`the ResourceArn of ${possible.map((l) => l.id).join(', ')} cannot be tied to this ACL at synth; reference webAcl.attrArn to make the link visible.`);
    }
    return fail('no AWS::WAFv2::LoggingConfiguration names this web ACL, so the requests it allows and blocks are not recorded.');
  },
};

export const WAFV2_CONTROLS: readonly Control[] = [
  logging,
];
