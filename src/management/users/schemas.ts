import { z } from 'zod';
import { pagingQuery } from '../pagination.ts';
import { fieldsQuery, metadataObject } from '../schemas.ts';

const email = z.email().max(254);
const text = (max: number) => z.string().min(1).max(max);

export const createUserBody = z.strictObject({
  connection: text(128),
  email: email.optional(),
  password: z.string().min(1).max(1024).optional(),
  username: text(128).optional(),
  phone_number: text(64).optional(),
  user_metadata: metadataObject.optional(),
  app_metadata: metadataObject.optional(),
  email_verified: z.boolean().optional(),
  phone_verified: z.boolean().optional(),
  verify_email: z.boolean().optional(),
  given_name: text(150).optional(),
  family_name: text(150).optional(),
  name: text(300).optional(),
  nickname: text(300).optional(),
  picture: z.url().max(2048).optional(),
  blocked: z.boolean().optional(),
});

export const updateUserBody = z.strictObject({
  blocked: z.boolean().optional(),
  email_verified: z.boolean().optional(),
  email: email.optional(),
  phone_number: text(64).optional(),
  phone_verified: z.boolean().optional(),
  user_metadata: metadataObject.optional(),
  app_metadata: metadataObject.optional(),
  given_name: text(150).optional(),
  family_name: text(150).optional(),
  name: text(300).optional(),
  nickname: text(300).optional(),
  picture: z.url().max(2048).optional(),
  verify_email: z.boolean().optional(),
  verify_phone_number: z.boolean().optional(),
  password: z.string().min(1).max(1024).optional(),
  connection: text(128).optional(),
  client_id: text(64).optional(),
  username: text(128).optional(),
});

export const identity = z.object({
  connection: z.string(),
  provider: z.string(),
  user_id: z.string(),
  isSocial: z.boolean(),
  profileData: z.record(z.string(), z.unknown()).optional(),
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
});

export const user = z.object({
  user_id: z.string(),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  username: z.string().optional(),
  phone_number: z.string().optional(),
  phone_verified: z.boolean().optional(),
  name: z.string().optional(),
  nickname: z.string().optional(),
  picture: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  user_metadata: z.record(z.string(), z.unknown()),
  app_metadata: z.record(z.string(), z.unknown()),
  identities: z.array(identity),
  created_at: z.string(),
  updated_at: z.string(),
  last_login: z.string().optional(),
  last_ip: z.string().optional(),
  last_password_reset: z.string().optional(),
  logins_count: z.number(),
  blocked: z.boolean().optional(),
});

const sortable = ['created_at', 'updated_at', 'email', 'last_login', 'user_id', 'name'] as const;

export const listUsersQuery = z.object({
  ...pagingQuery,
  ...fieldsQuery,
  q: z.string().max(2048).optional(),
  search_engine: z.enum(['v1', 'v2', 'v3']).optional(),
  connection: z.string().optional(),
  sort: z.string().regex(new RegExp(`^(${sortable.join('|')}):(1|-1)$`), { message: 'sort must be <field>:1 or <field>:-1' }).optional(),
});

export const usersByEmailQuery = z.object({ email: z.string().min(1).max(254), ...fieldsQuery });
export const getUserQuery = z.object({ ...fieldsQuery });

export const userList = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ start: z.number(), limit: z.number(), length: z.number(), total: z.number(), users: z.array(z.record(z.string(), z.unknown())) }),
]);
