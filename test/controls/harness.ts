import { App, Stack } from 'aws-cdk-lib';
import { HipaaAspect, HipaaAspectMode, HipaaFinding } from '../../src';
import { testApp, testStack } from '../util';

/** Status of a control on a resource, or N/A when the control did not apply. */
export type Status = 'PASS' | 'FAIL' | 'ACKNOWLEDGED' | 'UNVERIFIABLE' | 'N/A';

/**
 * A test app with one stack. Build resources in `stack`, then ask for a control's status on
 * a construct: the app is synthesized once, with HipaaAspect in WARN mode, on first question.
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

  /** The finding of `controlId` on the first resource under `<stack>/<constructPath>`. */
  public finding(controlId: string, constructPath: string): HipaaFinding | undefined {
    const prefix = constructPath.startsWith(this.stack.node.id + '/') ? constructPath : `${this.stack.node.id}/${constructPath}`;
    return this.findings().find((f) => f.controlId === controlId
      && (f.constructPath === prefix || f.constructPath.startsWith(prefix + '/')));
  }

  /** The status of `controlId` on the first resource under `<stack>/<constructPath>`. */
  public status(controlId: string, constructPath: string): Status {
    return (this.finding(controlId, constructPath)?.status as Status | undefined) ?? 'N/A';
  }

  /** The message of `controlId`'s finding on a construct ('' when it passed or did not apply). */
  public message(controlId: string, constructPath: string): string {
    return this.finding(controlId, constructPath)?.message ?? '';
  }
}
