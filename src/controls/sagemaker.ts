import { Control } from './control';

/** Controls for SAGEMAKER. */
export const SAGEMAKER_CONTROLS: readonly Control[] = [];
