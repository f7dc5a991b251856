import { Control } from './control';

/** Controls for SQS. */
export const SQS_CONTROLS: readonly Control[] = [];
