-- The legacy user store of the example: one table, bcrypt hashes (cost 10).
-- Passwords: ada@example.com / Passw0rd!, bob@example.com / Blocked-123 (blocked),
--            grace@example.com / Staff-Pa55 (staff, unverified email: no staff role).
CREATE TABLE IF NOT EXISTS legacy_users (
  id             serial PRIMARY KEY,
  email          text NOT NULL UNIQUE,
  name           text NOT NULL,
  password_hash  text NOT NULL,
  email_verified boolean NOT NULL DEFAULT false,
  plan           text NOT NULL DEFAULT 'free',
  blocked        boolean NOT NULL DEFAULT false
);

INSERT INTO legacy_users (email, name, password_hash, email_verified, plan, blocked) VALUES
  ('ada@example.com',   'Ada Lovelace',  '$2b$10$88tYRUCCKN1YgHvwoSD19Oj4bLWckiPEJrqlF7YUuLwt9aBTbcARS', true,  'pro',  false),
  ('bob@example.com',   'Bob Blocked',   '$2b$10$eD7QrtnJ.dqrlxRRk9CKxem7bIyMnkEZM247t1MYDHuifhLEp1mLm', true,  'free', true),
  ('grace@example.com', 'Grace Hopper',  '$2b$10$ADMb3R3gM6MyyzNwcR2P.eSXW1f/F7AO4dNJw//fDZ2J0crXxHwoa', false, 'free', false)
ON CONFLICT (email) DO NOTHING;
