/**
 * Lambda: reserved concurrency does not fit a new account's concurrency quota.
 */
import { indexOf, problemsFor, render } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

/**
 * `NoReservedConcurrency`: Lambda keeps a minimum of the account's concurrency unreserved (100 by
 * the documentation; the error reports the account's own minimum) and rejects a reservation that
 * would go below it: "Specified ReservedConcurrentExecutions for function decreases account's
 * UnreservedConcurrentExecution below its minimum value of [N]". New accounts often start with a
 * concurrency quota far below 1,000 (e.g. 10 or 50), so any reservation above 0 fails there.
 *
 * Sources: Lambda "Configuring reserved concurrency for a function" —
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency ;
 * the error text as reported: Gruntwork knowledge base #215 — https://docs.gruntwork.io/discussions/knowledge-base/215 ;
 * re:Post "cannot set reserve concurrency for a lambda function" (reserve up to unreserved minus 100) —
 * https://repost.aws/questions/QUzGtqXgNdSNCHkmM0qJ2NfA/cannot-set-reserve-concurrency-for-a-lambda-function
 *
 * Scenarios:
 * - PASS: no `ReservedConcurrentExecutions`, or 0 (reserves nothing from the pool; it throttles the function).
 * - FAIL: a positive or unresolvable `ReservedConcurrentExecutions`.
 */
export function noReservedConcurrency(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('NoReservedConcurrency', t);
  const problems: DeployProblem[] = [];
  for (const id of index.ofType('AWS::Lambda::Function')) {
    const value = index.resources[id].Properties?.ReservedConcurrentExecutions;
    if (value === undefined || value === null || render(value) === '0') continue;
    problems.push(problem(id,
      `ReservedConcurrentExecutions is ${JSON.stringify(value)}: in a new account with a small concurrency quota Lambda rejects it `
      + "(\"decreases account's UnreservedConcurrentExecution below its minimum value\"). Leave concurrency unreserved by default."));
  }
  return problems;
}
