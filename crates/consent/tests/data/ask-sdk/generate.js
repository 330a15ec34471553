// Produces the expected JSON of the consent-card tests with the official Node.js SDK.
//
// Not run by the tests (nothing from npm is needed at test time). To reproduce, outside the repo:
//
//   mkdir /tmp/asksdk && cd /tmp/asksdk && npm install ask-sdk-core@2.14.0 ask-sdk-model@1.86.0
//   NODE_PATH=/tmp/asksdk/node_modules node crates/consent/tests/data/ask-sdk/generate.js OUT_DIR
//
// Each case runs a real CustomSkill (SkillBuilders.custom()) on a LaunchRequest without a session
// and writes the response envelope it returns, minus `userAgent` (it names the Node.js version).
'use strict';

const fs = require('fs');
const path = require('path');
const Alexa = require('ask-sdk-core');

const out = process.argv[2] || '.';

const cases = {
  // Seed 001's card example: full name and mobile number.
  'card_name_mobile.json': (rb) =>
    rb.withAskForPermissionsConsentCard(['alexa::profile:name:read', 'alexa::profile:mobile_number:read']),
  // Every card scope the table knows that may go on one card (given name instead of full name).
  'card_given_name_email_mobile_address.json': (rb) =>
    rb.withAskForPermissionsConsentCard([
      'alexa::profile:given_name:read',
      'alexa::profile:email:read',
      'alexa::profile:mobile_number:read',
      'read::alexa:device:all:address',
    ]),
  // What the decision helper answers for email and phone missing, en-US, session ends.
  'decision_en_email_mobile.json': (rb) =>
    rb
      .speak('In order to complete this request, Bigg Basket needs access to your email address and phone number. Go to the home screen in your Alexa app and grant the permissions to continue.')
      .withAskForPermissionsConsentCard(['alexa::profile:email:read', 'alexa::profile:mobile_number:read'])
      .withShouldEndSession(true),
};

const request = {
  version: '1.0',
  context: {
    System: {
      application: { applicationId: 'amzn1.ask.skill.1' },
      user: { userId: 'amzn1.ask.account.A' },
      apiEndpoint: 'https://api.amazonalexa.com',
      apiAccessToken: 'token',
    },
  },
  request: { type: 'LaunchRequest', requestId: 'r1', timestamp: '2024-08-01T12:00:00Z', locale: 'en-US' },
};

(async () => {
  for (const [file, build] of Object.entries(cases)) {
    const skill = Alexa.SkillBuilders.custom()
      .addRequestHandlers({
        canHandle: () => true,
        handle: (input) => build(input.responseBuilder).getResponse(),
      })
      .create();
    const envelope = await skill.invoke(request);
    delete envelope.userAgent;
    fs.writeFileSync(path.join(out, file), JSON.stringify(envelope) + '\n');
  }
})();
