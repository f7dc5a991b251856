import { App, CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StarterStack } from '../../examples/starter/starter-stack';
import { AppResourceIndex } from '../../src/aspect/resource-index';
import { TEST_ENV } from '../util';

describe('AppResourceIndex renders resources exactly as synthesis does', () => {
  test('every resource of the starter app, overrides included, equals its synthesized template entry', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new StarterStack(app, 'Starter', { env: TEST_ENV });
    const bucket = stack.node.findAll().find((c) => c instanceof s3.CfnBucket) as s3.CfnBucket;
    bucket.addPropertyOverride('Tags', [{ Key: 'phi', Value: 'yes' }]);
    bucket.addPropertyDeletionOverride('VersioningConfiguration');
    bucket.addOverride('DeletionPolicy', 'Delete');

    // After synthesis every aspect (tags included) has run, as it has when HipaaAspect reads a resource.
    const template = app.synth().getStackByName('Starter').template;
    const index = AppResourceIndex.of(stack);
    const resources = stack.node.findAll().filter(CfnResource.isCfnResource);
    const rendered = resources.map((r) => index.render(r, { refresh: true }));

    expect(rendered.length).toBeGreaterThan(100);
    for (const r of rendered) {
      const expected = template.Resources[r.logicalId];
      expect([r.logicalId, r.type, r.properties, r.deletionPolicy, r.updateReplacePolicy])
        .toEqual([r.logicalId, expected.Type, expected.Properties ?? {}, expected.DeletionPolicy, expected.UpdateReplacePolicy]);
    }
    const renderedBucket = index.render(bucket);
    expect(renderedBucket.deletionPolicy).toBe('Delete');
    expect(renderedBucket.properties.VersioningConfiguration).toBeUndefined();
  });
});
