// Key names in the shared cache. Every part a tenant or user controls is URI-encoded, so a
// connection called "a:b" can never produce the key of another tenant's entry.

const part = (value: string) => encodeURIComponent(value);

export const cacheKeys = {
  actionCache: (tenantId: string, trigger: string) => `gh:ac:${part(tenantId)}:${part(trigger)}`,
  attempts: (tenantId: string, connection: string, userId: string, ip: string) => `gh:bf:${part(tenantId)}:${part(connection)}:${part(userId)}:${part(ip)}`,
  attemptIps: (tenantId: string, connection: string, userId: string) => `gh:bf-ips:${part(tenantId)}:${part(connection)}:${part(userId)}`,
  session: (tenantId: string, idHash: string) => `gh:sess:${part(tenantId)}:${part(idHash)}`,
  userSessions: (tenantId: string, userId: string) => `gh:sess-user:${part(tenantId)}:${part(userId)}`,
  flowState: (tenantId: string, idHash: string) => `gh:flow:${part(tenantId)}:${part(idHash)}`,
  rateLimit: (bucket: string) => `gh:rl:${part(bucket)}`,
} as const;
