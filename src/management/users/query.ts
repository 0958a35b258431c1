import { GatehouseError } from '../../errors/index.ts';

// The part of Auth0's Lucene-like user search syntax (search_engine v3) Gatehouse understands:
//   email:jane@example.com   user_id:"auth0|abc"   app_metadata.plan:gold   name:"Jane Doe"
//   email:jane*  (trailing wildcard)   a AND b   a OR b   a b (= AND)   AND binds tighter than OR.
// Anything else (ranges, parentheses, fuzzy, field-less terms) is refused with a 400 rather
// than silently matched differently.

export type UserQuery =
  | { readonly kind: 'term'; readonly field: string; readonly path: readonly string[]; readonly value: string; readonly prefix: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: UserQuery; readonly right: UserQuery };

/** Root fields that can be searched; app_metadata.* and user_metadata.* are searched by path. */
export const SEARCHABLE_FIELDS = ['email', 'user_id', 'username', 'name', 'nickname', 'given_name', 'family_name', 'phone_number', 'connection', 'email_verified', 'blocked'] as const;

const fieldAliases: Record<string, string> = { 'identities.connection': 'connection', 'identities.user_id': 'user_id' };

type Token = { type: 'word'; text: string } | { type: 'op'; op: 'AND' | 'OR' };

function bad(detail: string): GatehouseError {
  return new GatehouseError('MGMT_INVALID_QUERY', `Query validation error: the q parameter is not valid (${detail}).`);
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i])) { i++; continue; }
    if (q[i] === '(' || q[i] === ')') throw bad('parentheses are not supported');
    let text = '';
    while (i < q.length && !/\s/.test(q[i])) {
      if (q[i] === '"') {
        const end = q.indexOf('"', i + 1);
        if (end === -1) throw bad('unterminated quote');
        // Keep the quotes: they tell a quoted * from a wildcard.
        text += q.slice(i, end + 1);
        i = end + 1;
      } else if (q[i] === '\\' && i + 1 < q.length) {
        text += q.slice(i, i + 2);
        i += 2;
      } else {
        text += q[i++];
      }
    }
    if (text === 'AND' || text === 'OR') tokens.push({ type: 'op', op: text });
    else tokens.push({ type: 'word', text });
  }
  return tokens;
}

function term(text: string): UserQuery {
  const colon = text.search(/(?<!\\):/);
  if (colon <= 0) throw bad(`"${text.slice(0, 40)}" has no field`);
  const rawField = text.slice(0, colon);
  let raw = text.slice(colon + 1);
  if (raw === '') throw bad(`${rawField} has no value`);
  let prefix = false;
  let value: string;
  if (raw.startsWith('"')) {
    if (!raw.endsWith('"') || raw.length < 2) throw bad('a quoted value must be quoted as a whole');
    value = raw.slice(1, -1);
  } else {
    if (raw.endsWith('*') && !raw.endsWith('\\*')) { prefix = true; raw = raw.slice(0, -1); }
    if (/(?<!\\)[*?~^[\]{}]/.test(raw)) throw bad('only a trailing * wildcard is supported');
    value = raw.replace(/\\(.)/g, '$1');
  }
  const field = fieldAliases[rawField] ?? rawField;
  if (field.startsWith('app_metadata.') || field.startsWith('user_metadata.')) {
    const [root, ...path] = field.split('.');
    if (path.some((p) => !/^[A-Za-z0-9_-]{1,100}$/.test(p))) throw bad(`${field.slice(0, 60)} is not a searchable path`);
    return { kind: 'term', field: root, path, value, prefix };
  }
  if (!(SEARCHABLE_FIELDS as readonly string[]).includes(field)) throw bad(`${field.slice(0, 60)} is not a searchable field`);
  return { kind: 'term', field, path: [], value, prefix };
}

/** Parses `q`; throws MGMT_INVALID_QUERY (400) on syntax Gatehouse does not support. */
export function parseUserQuery(q: string): UserQuery {
  if (q.length > 2048) throw bad('longer than 2048 characters');
  const tokens = tokenize(q);
  if (tokens.length === 0) throw bad('empty');
  // OR of ANDs: split on OR first, adjacent words (or AND) within a group.
  const groups: UserQuery[][] = [[]];
  let expectTerm = true;
  for (const token of tokens) {
    if (token.type === 'op') {
      if (expectTerm) throw bad(`${token.op} without a term before it`);
      if (token.op === 'OR') groups.push([]);
      expectTerm = true;
      continue;
    }
    groups[groups.length - 1].push(term(token.text));
    expectTerm = false;
  }
  if (expectTerm) throw bad('ends with an operator');
  const ands = groups.map((g) => g.reduce((left, right) => ({ kind: 'and' as const, left, right })));
  return ands.reduce((left, right) => ({ kind: 'or' as const, left, right }));
}
