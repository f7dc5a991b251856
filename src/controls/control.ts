import { CfnResource, Stack } from 'aws-cdk-lib';
import type { HipaaSeverity } from './severity';

/**
 * A resource as CloudFormation will receive it: properties after overrides and escape
 * hatches, resolved through its stack.
 */
export interface RenderedResource {
  /** Unique in the app: `<stack path>/<logical id>`. */
  readonly key: string;
  readonly logicalId: string;
  readonly type: string;
  /** Resolved properties (`{}` when the resource has none). */
  readonly properties: { readonly [name: string]: any };
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** Where the resource comes from: its construct path in a CDK app, else `<template>/<logical id>`. */
  readonly path: string;
  /** Identifies the stack (template) the resource belongs to: resources of one stack share it. */
  readonly stackKey: string;
  /** The stack's account, when synth knows it (a token string otherwise). */
  readonly account?: string;
  /** The stack's region, when synth knows it (a token string otherwise). */
  readonly region?: string;
  /** The resource's construct: only inside a CDK app (undefined for a resource read from a template). */
  readonly construct?: CfnResource;
  /** The resource's stack: only inside a CDK app (undefined for a resource read from a template). */
  readonly stack?: Stack;
}

/** A read-only index of every resource in the app, for controls that look across resources. */
export interface ResourceIndex {
  /** Every resource of a CloudFormation type, across all stacks (nested ones included). */
  ofType(type: string): readonly RenderedResource[];
  /**
   * The resource a `{ Ref }` or `{ 'Fn::GetAtt' }` value points to: first in `from`'s stack,
   * else the one resource with that logical id elsewhere in the app.
   *
   * @returns undefined when the value is not a reference or points nowhere known
   */
  target(value: unknown, from: RenderedResource): RenderedResource | undefined;
  /** Resources of `type` whose properties reference `target` anywhere. */
  referencing(target: RenderedResource, type: string): readonly RenderedResource[];
  /**
   * The values an `{ 'Fn::FindInMap': [map, key1, key2] }` in `from`'s properties can take, read
   * from the `Mappings` of `from`'s stack: one when both keys are literals, every value the map
   * holds at a key that is not (a `{ Ref: 'AWS::Partition' }` key stands for each partition listed).
   *
   * @returns undefined when the value is not an `Fn::FindInMap` or its map is not known
   */
  findInMapValues(value: unknown, from: RenderedResource): readonly unknown[] | undefined;
  /**
   * The stack key of the template a nested stack (an `AWS::CloudFormation::Stack` resource) deploys,
   * when that template is among those checked: a nested stack of a cloud assembly, read from its asset.
   *
   * @returns undefined when the template it deploys is not checked with it
   */
  nestedTemplate(stack: RenderedResource): string | undefined;
}

/** The outcome of one control on one resource. */
export type Verdict =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly message: string }
  | { readonly status: 'unverifiable'; readonly message: string }
  | { readonly status: 'not-applicable' };

export const pass = (): Verdict => ({ status: 'pass' });
export const fail = (message: string): Verdict => ({ status: 'fail', message });
export const unverifiable = (message: string): Verdict => ({ status: 'unverifiable', message });
export const notApplicable = (): Verdict => ({ status: 'not-applicable' });

/**
 * One control: a small pure predicate over a rendered resource.
 *
 * Its doc comment lists its scenarios (given ... then PASS / FAIL / UNVERIFIABLE / N/A);
 * the tests implement exactly those.
 */
export interface Control {
  /** Stable id `<Service>.<Name>`; never renamed (users acknowledge it as `CdkHipaa::<id>`). */
  readonly id: string;
  readonly title: string;
  /** CloudFormation types it applies to; `*` for every resource. */
  readonly resourceTypes: readonly string[];
  /** 45 CFR sections, e.g. `164.312(a)(2)(iv)`. */
  readonly citations: readonly string[];
  readonly severity: HipaaSeverity;
  /** How to comply, in one sentence. */
  readonly fix: string;
  /**
   * Why HIPAA asks for it, in a sentence or two without citations: the reason constructs give when
   * they refuse a prop in this control's name.
   */
  readonly rationale?: string;
  /**
   * The control protects PHI a resource stores (its key, its retention, the masking of its
   * contents): it does not fail on resources classified `HipaaDataClassification.NO_PHI`, whose
   * findings are reported as acknowledged with the classification's reason.
   */
  readonly protectsStoredPhi?: boolean;
  /** The corresponding cdk-nag HIPAA Security rule name, if any. */
  readonly nagRule?: string;
  check(resource: RenderedResource, index: ResourceIndex): Verdict;
}
