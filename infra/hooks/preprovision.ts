// azd preprovision hook: stops `azd provision` before anything is created when the environment lacks a
// value the deployment needs (the External ID app registrations, the Stripe prices), naming the command
// that sets each one.
import { preprovisionProblems } from './azd-env';

const problems = preprovisionProblems(process.env);
if (problems.length > 0) {
  console.error(
    `The azd environment is not ready to provision (docs/deployment.md):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log('azd environment: every value provisioning needs is set.');
