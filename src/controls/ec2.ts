import { Control } from './control';

/** Controls for EC2. */
export const EC2_CONTROLS: readonly Control[] = [];
