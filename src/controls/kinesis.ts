import { Control } from './control';

/** Controls for KINESIS. */
export const KINESIS_CONTROLS: readonly Control[] = [];
