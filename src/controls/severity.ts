/** How serious a control's failure is. */
export enum HipaaSeverity {
  /** PHI is at risk: the aspect fails synth in `HipaaAspectMode.ERROR`. */
  ERROR = 'ERROR',
  /** Worth an auditor's attention, but not a synth failure. */
  WARNING = 'WARNING',
}
