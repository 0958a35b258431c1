/**
 * Company addresses get the staff role — only once the address is verified, or anyone could
 * sign up with one.
 */
exports.onExecutePostLogin = async (event, api) => {
  const email = event.user.email || '';
  if (event.user.email_verified === true && email.endsWith('@example.com')) {
    api.idToken.setCustomClaim('https://example.com/roles', ['staff']);
    api.accessToken.setCustomClaim('https://example.com/roles', ['staff']);
  }
};
