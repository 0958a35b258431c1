async function getByEmail(email, callback) {
  const { Pool } = require('pg');
  global.legacyPool = global.legacyPool || new Pool({
    connectionString: configuration.LEGACY_DB_URL,
    max: 2,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  try {
    const { rows } = await global.legacyPool.query('SELECT id, email, name, email_verified FROM legacy_users WHERE email = $1', [email]);
    if (rows.length === 0) return callback(null);
    const user = rows[0];
    return callback(null, { user_id: String(user.id), email: user.email, name: user.name, email_verified: user.email_verified });
  } catch (err) {
    return callback(new Error('The legacy user store cannot be reached: ' + err.message));
  }
}
