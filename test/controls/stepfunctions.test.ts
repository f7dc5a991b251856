import { CfnParameter } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ControlFixture } from './harness';

function machine(f: ControlFixture, props: Partial<sfn.StateMachineProps> = {}): sfn.StateMachine {
  return new sfn.StateMachine(f.stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(f.stack, 'Start')), ...props });
}

describe('StepFunctions.Logging', () => {
  test('PASS given level ALL to a log group', () => {
    const f = new ControlFixture();
    machine(f, { logs: { destination: new logs.LogGroup(f.stack, 'Logs'), level: sfn.LogLevel.ALL, includeExecutionData: false } });
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('PASS');
  });
  test('FAIL given the sfn.StateMachine default (no logging)', () => {
    const f = new ControlFixture();
    machine(f);
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('FAIL');
    expect(f.message('StepFunctions.Logging', 'Machine')).toMatch(/logging is not configured/);
  });
  test('FAIL given level OFF', () => {
    const f = new ControlFixture();
    machine(f, { logs: { destination: new logs.LogGroup(f.stack, 'Logs'), level: sfn.LogLevel.OFF } });
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('FAIL');
    expect(f.message('StepFunctions.Logging', 'Machine')).toMatch(/logging is OFF/);
  });
  test('FAIL given level ERROR (failed executions only)', () => {
    const f = new ControlFixture();
    machine(f, { logs: { destination: new logs.LogGroup(f.stack, 'Logs'), level: sfn.LogLevel.ERROR } });
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('FAIL');
    expect(f.message('StepFunctions.Logging', 'Machine')).toMatch(/Level is ERROR, which records failed executions only/);
  });
  test('FAIL given an L1 state machine with level ALL and no destination', () => {
    const f = new ControlFixture();
    new sfn.CfnStateMachine(f.stack, 'Machine', { roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionString: '{}', loggingConfiguration: { level: 'ALL' } });
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('FAIL');
    expect(f.message('StepFunctions.Logging', 'Machine')).toMatch(/no destination/);
  });
  test('UNVERIFIABLE given the level from a parameter', () => {
    const f = new ControlFixture();
    new sfn.CfnStateMachine(f.stack, 'Machine', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionString: '{}', loggingConfiguration: { level: new CfnParameter(f.stack, 'Level').valueAsString },
    });
    expect(f.status('StepFunctions.Logging', 'Machine')).toBe('UNVERIFIABLE');
  });
});
