import { Control } from './control';

/** Controls for DYNAMODB. */
export const DYNAMODB_CONTROLS: readonly Control[] = [];
