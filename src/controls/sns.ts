import { Control } from './control';

/** Controls for SNS. */
export const SNS_CONTROLS: readonly Control[] = [];
