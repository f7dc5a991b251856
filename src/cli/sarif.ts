// The SARIF builder is shared with HipaaAspect, which writes `<stack>.hipaa-report.sarif`.
export { renderSarif } from '../engine/sarif';
