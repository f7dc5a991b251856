import { Control } from './control';

/** Controls for ELBV2. */
export const ELBV2_CONTROLS: readonly Control[] = [];
