import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * A stack's template with asset hashes scrubbed, so a snapshot changes only when the
 * infrastructure does (asset hashes move with every bundler or dependency update).
 */
export function stableTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET_HASH$1'));
}
