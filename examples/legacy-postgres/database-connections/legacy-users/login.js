async function login(email, password, callback) {
  const bcrypt = require('bcryptjs');
  const { Pool } = require('pg');
  // One pool per container, reused across calls (global survives until the container is recycled).
  global.legacyPool = global.legacyPool || new Pool({
    connectionString: configuration.LEGACY_DB_URL,
    max: 2,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  try {
    const { rows } = await global.legacyPool.query(
      'SELECT id, email, name, password_hash, email_verified, plan, blocked FROM legacy_users WHERE email = $1',
      [email],
    );
    const user = rows[0];
    if (!user || !(await bcrypt.compare(password, user.password_hash))) {
      return callback(new WrongUsernameOrPasswordError(email));
    }
    return callback(null, {
      user_id: String(user.id),
      email: user.email,
      name: user.name,
      email_verified: user.email_verified,
      app_metadata: { plan: user.plan, blocked: user.blocked },
    });
  } catch (err) {
    return callback(new Error('The legacy user store cannot be reached: ' + err.message));
  }
}
