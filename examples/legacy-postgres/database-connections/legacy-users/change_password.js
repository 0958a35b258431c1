async function changePassword(email, newPassword, callback) {
  const bcrypt = require('bcryptjs');
  const { Pool } = require('pg');
  global.legacyPool = global.legacyPool || new Pool({
    connectionString: configuration.LEGACY_DB_URL,
    max: 2,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  try {
    const hash = await bcrypt.hash(newPassword, 10);
    const result = await global.legacyPool.query('UPDATE legacy_users SET password_hash = $1 WHERE email = $2', [hash, email]);
    return callback(null, result.rowCount === 1);
  } catch (err) {
    return callback(new Error('The legacy user store cannot be reached: ' + err.message));
  }
}
