/**
 * Puts the customer's plan from the legacy store into the tokens.
 */
exports.onExecutePostLogin = async (event, api) => {
  const plan = event.user.app_metadata.plan || 'free';
  api.idToken.setCustomClaim('https://example.com/plan', plan);
  api.accessToken.setCustomClaim('https://example.com/plan', plan);
  console.log('plan claim set for', event.user.user_id);
};
