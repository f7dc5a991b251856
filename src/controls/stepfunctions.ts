import { Control, fail, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { dig, list, str, UNKNOWN } from './values';

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/**
 * StepFunctions.Logging: every execution of the state machine is logged to CloudWatch Logs.
 * Level ALL is required: ERROR and FATAL record failed executions only, so a workflow that moved PHI
 * successfully leaves no trace once the execution history is gone (Standard workflows keep it 90 days,
 * Express workflows none), far short of the six years audit evidence is kept. Set IncludeExecutionData
 * false to log the events without the PHI in their inputs and outputs.
 * - given LoggingConfiguration with Level ALL and at least one destination, then PASS
 * - given no LoggingConfiguration (the sfn.StateMachine default) or Level OFF, then FAIL (warning)
 * - given Level ERROR or FATAL (failures only), then FAIL (warning)
 * - given Level ALL without a destination, then FAIL (warning)
 * - given the level or destinations from a parameter, then UNVERIFIABLE
 */
const logging: Control = {
  id: 'StepFunctions.Logging',
  title: 'Step Functions state machine logs every execution',
  resourceTypes: [STATE_MACHINE],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set logs: { destination: <a CentralLogGroup>, level: LogLevel.ALL, includeExecutionData: false } on the state machine.',
  check: (r) => {
    const configuration = r.properties.LoggingConfiguration;
    const level = str(dig(configuration, 'Level'));
    if (level === UNKNOWN) return unverifiable('LoggingConfiguration.Level cannot be resolved at synth.');
    if (configuration === undefined || level === undefined || level === 'OFF') {
      return fail(`logging is ${configuration === undefined ? 'not configured' : 'OFF'}, so executions leave no record beyond the execution history.`);
    }
    if (level !== 'ALL') return fail(`LoggingConfiguration.Level is ${level}, which records failed executions only.`);
    const destinations = list(dig(configuration, 'Destinations'));
    if (destinations === UNKNOWN) return unverifiable('LoggingConfiguration.Destinations cannot be resolved at synth.');
    return destinations.length > 0 ? pass() : fail('LoggingConfiguration.Level is ALL but there is no destination log group.');
  },
};

/** Controls for Step Functions state machines. */
export const STEPFUNCTIONS_CONTROLS: readonly Control[] = [
  logging,
];
