import { Control } from './control';

/** Controls for CLOUDWATCH. */
export const CLOUDWATCH_CONTROLS: readonly Control[] = [];
