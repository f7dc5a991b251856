/** What a data protection policy does with the PHI identifiers it finds in log events. */
export enum PhiMaskingMode {
  /**
   * Findings are audited and PHI is masked wherever log events leave CloudWatch Logs (console,
   * `GetLogEvents`, `FilterLogEvents`, Logs Insights, subscription filters); only principals
   * granted `logs:Unmask` (see `grantUnmask`) can see it.
   */
  AUDIT_AND_MASK = 'AUDIT_AND_MASK',
  /**
   * Findings are audited, and every principal granted with `grantRead` also gets `logs:Unmask`,
   * so readers see PHI unmasked. CloudWatch Logs requires a masking statement in every data
   * protection policy, so principals granted otherwise still see masked data.
   */
  AUDIT_ONLY = 'AUDIT_ONLY',
}
