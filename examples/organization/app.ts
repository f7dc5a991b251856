import { App } from 'aws-cdk-lib';
import { HipaaAspect } from 'cdk-hipaa';
import { addOrganization, settingsFromContext } from './organization';

// One app, one stage per account. The account ids, organization and OU ids come from context
// (cdk.json holds placeholders; override with -c key=value). Synthesizes without credentials.
const app = new App();
const settings = settingsFromContext(app);
addOrganization(app, settings);

// Every resource of every account, the StackSet's per-account baseline included, is checked at
// synth; each stack's report lands in its stage's directory of cdk.out/.
HipaaAspect.applyTo(app);

app.synth();
