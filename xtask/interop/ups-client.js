// Calls the seven Customer Profile and Person Profile operations through the official Alexa Skills
// Kit SDK for Node.js (ask-sdk-model's UpsServiceClient with ask-sdk-core's DefaultApiClient), the
// way a skill does with the apiEndpoint and apiAccessToken of its request envelope, and prints what
// each returned or the status it failed with.
//   usage: node ups-client.js BASE_URL TOKEN   (with ask-sdk-core and ask-sdk-model on NODE_PATH)
'use strict';
const { services } = require('ask-sdk-model');
const { DefaultApiClient } = require('ask-sdk-core');

const [base, token] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node ups-client.js BASE_URL TOKEN');
  process.exit(2);
}
const client = new services.ups.UpsServiceClient({
  apiClient: new DefaultApiClient(),
  apiEndpoint: base,
  authorizationValue: token,
});
const operations = [
  'getProfileName', 'getProfileGivenName', 'getProfileEmail', 'getProfileMobileNumber',
  'getPersonsProfileName', 'getPersonsProfileGivenName', 'getPersonsProfileMobileNumber',
];
(async () => {
  for (const op of operations) {
    try {
      const value = await client[op]();
      console.log(`${op}: ${value === undefined ? 'undefined (no content)' : JSON.stringify(value)}`);
    } catch (e) {
      console.log(`${op}: error status ${e.statusCode} ${JSON.stringify(e.response || '')}`);
    }
  }
})();
