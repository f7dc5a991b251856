import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { HipaaAspect, HipaaAspectMode, HipaaControls, HipaaFinding } from '../../src';
import { testApp, testStack } from '../util';

/** Status of a control on a resource, or N/A when the control did not apply. */
export type Status = 'PASS' | 'FAIL' | 'ACKNOWLEDGED' | 'UNVERIFIABLE' | 'N/A';

/**
 * A test app with one stack. Build resources in `stack`, then ask for a control's status on
 * a construct: the app is synthesized once, with HipaaAspect in WARN mode, on first question.
 *
 * A question the fixture cannot answer throws, so a misspelled control id or construct path
 * fails the test instead of reading as 'N/A': the control must be in the catalog, and a
 * CloudFormation resource of one of its resource types must exist under the path.
 */
export class ControlFixture {
  public readonly app: App;
  public readonly stack: Stack;
  private aspect?: HipaaAspect;

  constructor() {
    this.app = testApp();
    this.stack = testStack(this.app);
  }

  /** Every finding of the app (synthesizes on first call). */
  public findings(): HipaaFinding[] {
    if (!this.aspect) {
      this.aspect = HipaaAspect.applyTo(this.app, { mode: HipaaAspectMode.WARN, report: false });
      this.app.synth();
    }
    return this.aspect.findings;
  }

  /**
   * The finding of `controlId` on the first resource under `<stack>/<constructPath>`.
   *
   * @returns undefined when the control did not apply to the resources under the path
   * @throws when the control is not in the catalog or no resource it covers is under the path
   */
  public finding(controlId: string, constructPath: string): HipaaFinding | undefined {
    const prefix = this.absolutePath(constructPath);
    const finding = this.findings().find((f) => f.controlId === controlId && isUnder(f.constructPath, prefix));
    if (!finding) this.requireResource(controlId, prefix);
    return finding;
  }

  /**
   * The status of `controlId` on the first resource under `<stack>/<constructPath>`: 'N/A' when
   * such a resource exists and the control did not apply to it.
   *
   * @throws when the control is not in the catalog or no resource it covers is under the path
   */
  public status(controlId: string, constructPath: string): Status {
    return (this.finding(controlId, constructPath)?.status as Status | undefined) ?? 'N/A';
  }

  /**
   * The message of `controlId`'s finding on a construct ('' when it passed or did not apply).
   *
   * @throws when the control is not in the catalog or no resource it covers is under the path
   */
  public message(controlId: string, constructPath: string): string {
    return this.finding(controlId, constructPath)?.message ?? '';
  }

  private absolutePath(constructPath: string): string {
    const stackPath = this.stack.node.path;
    return constructPath.startsWith(stackPath + '/') ? constructPath : `${stackPath}/${constructPath}`;
  }

  /** Throws unless a CloudFormation resource that `controlId` covers is at or under `prefix`. */
  private requireResource(controlId: string, prefix: string): void {
    const control = HipaaControls.get(controlId);
    if (!control) throw new Error(`unknown control '${controlId}': no control in the catalog has this id.`);
    const under = this.stack.node.findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && isUnder(c.node.path, prefix));
    const anyType = control.resourceTypes.includes('*');
    if (under.some((r) => anyType || control.resourceTypes.includes(r.cfnResourceType))) return;
    const found = under.length === 0 ? 'no CloudFormation resource'
      : `only ${[...new Set(under.map((r) => r.cfnResourceType))].join(', ')}`;
    throw new Error(`${controlId} covers ${control.resourceTypes.join(', ')}, but ${prefix} holds ${found}; is the path or the control id misspelled?`);
  }
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}
