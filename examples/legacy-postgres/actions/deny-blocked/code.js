/**
 * Stops blocked legacy accounts at login, with a reason the application can show.
 */
exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.blocked === true) {
    return api.access.deny('This account is blocked. Contact support@example.com.');
  }
};
