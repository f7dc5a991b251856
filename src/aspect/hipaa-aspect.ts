import { AspectPriority, Aspects, CfnResource, IAspect, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AssemblyCheck, AssemblyCheckClient } from './assembly-check';
import { HipaaFinding } from './findings';

/** What the aspect does with findings. */
export enum HipaaAspectMode {
  /** Failures of ERROR-severity controls are synth errors: `cdk synth` fails. */
  ERROR = 'ERROR',
  /** Every finding is a warning (fails only under `cdk synth --strict`). */
  WARN = 'WARN',
}

/** Properties of a {@link HipaaAspect}. */
export interface HipaaAspectProps {
  /**
   * Whether failures fail synth.
   *
   * @default HipaaAspectMode.ERROR
   */
  readonly mode?: HipaaAspectMode;

  /**
   * Write `<stack>.hipaa-report.json`, `<stack>.hipaa-report.md` and `<stack>.hipaa-report.sarif`
   * (SARIF 2.1.0, for code scanning) into the cloud assembly.
   *
   * @default true
   */
  readonly report?: boolean;

  /**
   * With the report, write the stack's PHI inventory and data-flow map: `<stack>.hipaa-data-map.json`,
   * `.md` (tables), `.mmd` (Mermaid) and `.svg` (a drawing), next to the report. Off by default:
   * the map adds about two thirds of the checks' own cost to synth; turn it on where the map is read
   * (an audit, a review, the build that publishes documentation).
   *
   * @default false
   */
  readonly dataMap?: boolean;
}

/**
 * Applies the cdk-hipaa control catalog to every CloudFormation resource in a scope
 * (a stack, a stage or the whole app), including resources this library did not create:
 * plain L2s, raw L1s, `CfnInclude`d templates and escape-hatch overrides. It reads what
 * CloudFormation will receive, so overrides cannot hide a violation.
 *
 * The aspect itself only notes the resources it reaches. Once synthesis has written every template
 * of the cloud assembly (after every aspect has run), the catalog runs once over those templates,
 * the engine the `cdk-hipaa check` command runs over a `cdk.out`, and the findings are recorded as
 * synth errors and warnings on the resources' construct paths before the manifest is written.
 *
 * Each finding is a sentence a person can act on: what is wrong, why it matters for PHI, the
 * fix, and the exact acknowledgement. Acknowledge a finding with `Validations.of(scope).acknowledge({ id: 'CdkHipaa::<controlId>', reason })`
 * on the resource or any ancestor; acknowledged findings still appear in the report.
 *
 * Every stack the aspect reaches, nested stacks included, gets one report
 * (`<stack>.hipaa-report.json`, `.md` and `.sarif`) in the cloud assembly of the stage that stack belongs
 * to, also when none of its resources is of a type the catalog checks (the report then says
 * so). The report counts what the controls assessed apart from the HIPAA-eligible-service
 * check, and lists the resources nothing else assessed.
 *
 * Resources aws-cdk-lib adds by itself (custom resource providers' functions such as
 * BucketDeployment's, LogRetention's, autoDeleteObjects', a custom-resources Provider's) are
 * recognized by the construct ids and metadata aws-cdk-lib gives them: their findings are
 * warnings, never synth errors, and the report lists them under "Framework resources" with the
 * one action a user can take. However many HipaaAspects reach a resource (say one on the app and one on a nested
 * stack), its findings are annotated once and its stack has one report.
 *
 * @example
 * HipaaAspect.applyTo(stack);
 * // or, equivalently:
 * Aspects.of(stack).add(new HipaaAspect(), { priority: AspectPriority.READONLY });
 */
export class HipaaAspect implements IAspect {
  /**
   * Adds a HipaaAspect to `scope` at read-only priority, so that it runs after every
   * aspect that mutates the tree.
   *
   * CDK aspects stop at Stage boundaries (each stage is synthesized into its own cloud
   * assembly), so the aspect is also added to every Stage under `scope` at the time of the
   * call; apply it to a Stage created later separately.
   */
  public static applyTo(scope: IConstruct, props: HipaaAspectProps = {}): HipaaAspect {
    const aspect = new HipaaAspect(props);
    Aspects.of(scope).add(aspect, { priority: AspectPriority.READONLY });
    for (const stage of scope.node.findAll()) {
      if (stage !== scope && Stage.isStage(stage)) Aspects.of(stage).add(aspect, { priority: AspectPriority.READONLY });
    }
    return aspect;
  }

  /** Whether failures fail synth. */
  public readonly mode: HipaaAspectMode;
  private readonly client: AssemblyCheckClient;
  /** The findings of the last synthesis of each assembly the aspect reached, in synthesis order. */
  private readonly lastFindings = new Map<Stage, HipaaFinding[]>();

  constructor(props: HipaaAspectProps = {}) {
    this.mode = props.mode ?? HipaaAspectMode.ERROR;
    const mode = this.mode;
    this.client = {
      failsSynth: mode === HipaaAspectMode.ERROR,
      mode,
      writeReport: props.report ?? true,
      writeDataMap: props.dataMap ?? false,
      receive: (stage, findings) => {
        this.lastFindings.delete(stage);
        this.lastFindings.set(stage, findings);
      },
    };
  }

  /** Every finding of the last synthesis, pass included (empty before synthesis). */
  public get findings(): HipaaFinding[] {
    return [...this.lastFindings.values()].flat();
  }

  public visit(node: IConstruct): void {
    if (Stage.isStage(node)) return;
    // Each resource is only noted here: the catalog runs once the assembly's templates are
    // written, when every aspect (mutating ones included) has run.
    const check = AssemblyCheck.of(Stage.of(node)!);
    if (Stack.isStack(node)) {
      check.claimReport(node, undefined, this.client);
    } else if (Aspects.of(node).all.includes(this)) {
      // Applied to a construct inside a stack: that stack's report covers the construct's resources.
      check.claimReport(Stack.of(node), node.node.path, this.client);
    }
    if (CfnResource.isCfnResource(node)) check.claimResource(node, this.client);
  }
}
