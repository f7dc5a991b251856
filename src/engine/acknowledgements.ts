import { CATALOG } from '../controls/catalog';
import { CONTROL_NAMESPACE, MIN_REASON_LENGTH } from '../policy/acknowledgements';
import { HipaaDataClassification } from '../policy/data-classification';

/**
 * The `Metadata` key under which a plain template's resource acknowledges findings:
 * `{ "cdk_hipaa": { "acknowledgements": [{ "id": "CdkHipaa::S3.AccessLogging", "reason": "..." }] } }`
 * (the id with or without the `CdkHipaa::` namespace), and classifies its data:
 * `{ "cdk_hipaa": { "dataClassification": "NO_PHI", "reason": "..." } }`.
 */
export const METADATA_KEY = 'cdk_hipaa';

/** An acknowledgement written in a resource's `Metadata`. */
export interface MetadataAcknowledgement {
  /** The control id, without the namespace. */
  readonly controlId: string;
  /** The id as written. */
  readonly id: string;
  readonly reason: string;
}

/** Why an acknowledgement clears nothing. */
export enum AcknowledgementProblemKind {
  /** The id names no control of the catalog. */
  UNKNOWN_CONTROL = 'UNKNOWN_CONTROL',
  /** The reason is empty or trivially short: the acknowledgement is ignored. */
  NO_REASON = 'NO_REASON',
  /** No finding under it fails (or cannot be verified for) the control it names. */
  STALE = 'STALE',
  /** The `Metadata` entry is not of the documented shape. */
  MALFORMED = 'MALFORMED',
}

/** An acknowledgement that clears nothing, and why. */
export interface AcknowledgementProblem {
  readonly kind: AcknowledgementProblemKind;
  /** The id as written (qualified or not). */
  readonly id: string;
  readonly reason: string;
  /** Where it is written: a construct path (cloud assembly) or `<template>/<logical id>` (resource Metadata). */
  readonly at: string;
  /** The template file, for resource Metadata. */
  readonly file?: string;
  /** Line (1-based) of the resource in `file`. */
  readonly line?: number;
  /** What is wrong and what to do. */
  readonly problem: string;
  /** The catalog ids closest to an unknown id, nearest first. */
  readonly closest?: readonly string[];
}

const KNOWN: ReadonlySet<string> = new Set(CATALOG.map((c) => c.id));

/** Whether `controlId` (without namespace) is a control of the catalog. */
export function isCatalogId(controlId: string): boolean {
  return KNOWN.has(controlId);
}

/** `CdkHipaa::S3.AccessLogging` or `S3.AccessLogging` -> `S3.AccessLogging`. */
export function unqualified(id: string): string {
  const prefix = `${CONTROL_NAMESPACE}::`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/**
 * The acknowledgements in a resource's `Metadata.cdk_hipaa`, and the entries that are not of the
 * documented shape (as problems without a location: the caller adds it).
 */
export function metadataAcknowledgements(metadata: unknown): { acknowledgements: MetadataAcknowledgement[]; malformed: string[] } {
  const acknowledgements: MetadataAcknowledgement[] = [];
  const malformed: string[] = [];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return { acknowledgements, malformed };
  const own = (metadata as Record<string, unknown>)[METADATA_KEY];
  if (own === undefined) return { acknowledgements, malformed };
  if (own === null || typeof own !== 'object' || Array.isArray(own)) {
    malformed.push(`Metadata.${METADATA_KEY} must be an object (its "acknowledgements" a list of { "id", "reason" })`);
    return { acknowledgements, malformed };
  }
  // The key also carries other settings (dataClassification, read by metadataClassification; what the library's constructs record).
  const list = (own as Record<string, unknown>).acknowledgements;
  if (list === undefined) return { acknowledgements, malformed };
  if (!Array.isArray(list)) {
    malformed.push(`Metadata.${METADATA_KEY}.acknowledgements must be a list of { "id", "reason" }`);
    return { acknowledgements, malformed };
  }
  list.forEach((entry, i) => {
    const id = entry?.id;
    const reason = entry?.reason;
    if (typeof id !== 'string' || (reason !== undefined && typeof reason !== 'string')) {
      malformed.push(`Metadata.${METADATA_KEY}.acknowledgements[${i}] needs a string "id" and a string "reason"`);
      return;
    }
    acknowledgements.push({ controlId: unqualified(id.trim()), id, reason: reason ?? '' });
  });
  return { acknowledgements, malformed };
}

/** The field of `Metadata.cdk_hipaa` that classifies a resource of a plain template: `PHI` or `NO_PHI`, with a `reason`. */
export const CLASSIFICATION_FIELD = 'dataClassification';

/** What a resource's `Metadata.cdk_hipaa` says it holds. */
export interface MetadataClassification {
  /** `PHI` or `NO_PHI`; absent when the resource is not classified there (or the entry is malformed). */
  readonly classification?: HipaaDataClassification;
  /** The reason, as written. */
  readonly reason: string;
  /** What is not of the documented shape (without a location: the caller adds it). */
  readonly malformed: string[];
}

/**
 * The data classification in a resource's `Metadata`:
 * `{ "cdk_hipaa": { "dataClassification": "NO_PHI", "reason": "..." } }`, the same entry the
 * data map reads. NO_PHI has the effect of `HipaaData.of(resource).classify(NO_PHI, reason)`.
 * A classification other than `PHI` or `NO_PHI`, or a reason that is not a string, is malformed.
 */
export function metadataClassification(metadata: unknown): MetadataClassification {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return { reason: '', malformed: [] };
  const own = (metadata as Record<string, unknown>)[METADATA_KEY];
  // Not an object: metadataAcknowledgements reports it.
  if (own === null || typeof own !== 'object' || Array.isArray(own)) return { reason: '', malformed: [] };
  const value = (own as Record<string, unknown>)[CLASSIFICATION_FIELD];
  const reason = (own as Record<string, unknown>).reason;
  if (value === undefined) return { reason: '', malformed: [] };
  const allowed: string[] = Object.values(HipaaDataClassification);
  const malformed: string[] = [];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    malformed.push(`Metadata.${METADATA_KEY}.${CLASSIFICATION_FIELD} must be ${allowed.join(' or ')}, not ${JSON.stringify(value)}; it is ignored`);
  }
  if (reason !== undefined && typeof reason !== 'string') {
    malformed.push(`Metadata.${METADATA_KEY}.reason must be a string; the classification is ignored`);
  }
  if (malformed.length > 0) return { reason: typeof reason === 'string' ? reason : '', malformed };
  return { classification: value as HipaaDataClassification, reason: (reason as string | undefined) ?? '', malformed };
}

/** The message for an id that names no control, naming the closest catalog ids. */
export function unknownControlProblem(controlId: string): { problem: string; closest: string[] } {
  const closest = closestControlIds(controlId);
  const hint = closest.length > 0 ? ` Closest catalog ids: ${closest.map((c) => `${CONTROL_NAMESPACE}::${c}`).join(', ')}.` : '';
  return { problem: `${controlId} is not a control of the catalog.${hint}`, closest };
}

/** The message for a reason too short to count. */
export function noReasonProblem(): string {
  return `it needs a reason of at least ${MIN_REASON_LENGTH} characters; it is ignored.`;
}

/**
 * Up to `max` catalog ids nearest to `id`, nearest first: by edit distance (case-insensitive), with
 * ids of the same service, or whose name contains the other's, counted nearer; ids further than
 * about half the id's length are not offered.
 */
export function closestControlIds(id: string, max = 3): string[] {
  const wanted = id.toLowerCase();
  const [service, name] = splitId(wanted);
  const limit = Math.max(3, Math.ceil(wanted.length / 2));
  return [...KNOWN]
    .map((known) => {
      const lower = known.toLowerCase();
      const [knownService, knownName] = splitId(lower);
      const sameService = service !== '' && service === knownService;
      const contains = name.length >= 3 && (knownName.includes(name) || name.includes(knownName));
      const distance = editDistance(wanted, lower);
      return { known, distance, score: distance - (sameService ? 3 : 0) - (sameService && contains ? 3 : 0) };
    })
    .filter((c) => c.score <= limit)
    .sort((a, b) => a.score - b.score || a.distance - b.distance || a.known.localeCompare(b.known))
    .slice(0, max)
    .map((c) => c.known);
}

/** `s3.accesslogging` -> [`s3`, `accesslogging`]; an id without a dot has no service. */
function splitId(id: string): [string, string] {
  const dot = id.indexOf('.');
  return dot < 0 ? ['', id] : [id.slice(0, dot), id.slice(dot + 1)];
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
