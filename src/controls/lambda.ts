import { Control } from './control';

/** Controls for LAMBDA. */
export const LAMBDA_CONTROLS: readonly Control[] = [];
