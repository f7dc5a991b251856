import { tpl } from './fixtures';
import { noReservedConcurrency } from './rules/lambda';

const fn = (props: any = {}) => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', ...props } });

describe('NoReservedConcurrency', () => {
  test('passes without a reservation and with 0', () => {
    const t = tpl({ A: fn(), B: fn({ ReservedConcurrentExecutions: 0 }) });
    expect(noReservedConcurrency(t, [t])).toEqual([]);
  });

  test('fails for a positive or unresolvable reservation', () => {
    const t = tpl({ A: fn({ ReservedConcurrentExecutions: 1 }), B: fn({ ReservedConcurrentExecutions: { Ref: 'Concurrency' } }) });
    const problems = noReservedConcurrency(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId])).toEqual([['NoReservedConcurrency', 'A'], ['NoReservedConcurrency', 'B']]);
    expect(problems[0].message).toMatch(/ReservedConcurrentExecutions is 1: .*UnreservedConcurrentExecution below its minimum value/);
  });
});
