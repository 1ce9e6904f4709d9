/**
 * The slice of Authing's GraphQL schema the simulator answers, enforced the way a GraphQL server
 * enforces it, so the simulator is no more forgiving than the real one (docs/protocols/authing.md §5, §5.1):
 *
 * - the operation type is right (`loginBy*` are mutations, `checkLoginStatus` / `user` queries);
 * - the document declares the variable with the schema's type (`$input: LoginByEmailInput!`);
 * - variable values coerce: an input object has no unknown fields (GraphQL rejects them), has its
 *   non-null fields, and String/Boolean fields carry strings/booleans.
 *
 * Input types are those of `authing-js-sdk@4.23.55` `types/graphql.v2.ts` (generated from the
 * server schema): e.g. `LoginByPhonePasswordInput` has NO `phoneCountryCode`.
 * A server answers a violation with a string `message` and no `data` (HTTP 400, as Apollo does for
 * a request that never executes); the exact text is unconfirmed.
 */
import type { Operation } from './graphql.js';

type Scalar = 'String' | 'Boolean';
type InputType = Record<string, { type: Scalar; required?: true }>;

const optional = (type: Scalar) => ({ type });
const required = (type: Scalar) => ({ type, required: true as const });
const TAIL: InputType = {
  captchaCode: optional('String'),
  autoRegister: optional('Boolean'),
  clientIp: optional('String'),
  params: optional('String'),
  context: optional('String'),
};

const INPUT_TYPES: Record<string, InputType> = {
  LoginByEmailInput: { email: required('String'), password: required('String'), ...TAIL },
  LoginByUsernameInput: { username: required('String'), password: required('String'), ...TAIL },
  LoginByPhonePasswordInput: { phone: required('String'), password: required('String'), ...TAIL },
  LoginByPhoneCodeInput: {
    phone: required('String'),
    code: required('String'),
    phoneCountryCode: optional('String'),
    autoRegister: optional('Boolean'),
    clientIp: optional('String'),
    params: optional('String'),
    context: optional('String'),
  },
};

/** Enum types (the SDK's EmailScene values). */
const ENUMS: Record<string, string[]> = {
  EmailScene: [
    'RESET_PASSWORD',
    'RESET_PASSWORD_VERIFY_CODE',
    'VERIFY_EMAIL',
    'FIRST_EMAIL_LOGIN_VERIFY',
    'CONSOLE_CONDUCTED_VERIFY',
    'CHANGE_EMAIL',
    'EMAIL_BIND_VERIFY_CODE',
    'EMAIL_UNBIND_VERIFY_CODE',
    'MFA_VERIFY',
    'VERIFY_CODE',
    'REGISTER_VERIFY_CODE',
    'LOGIN_VERIFY_CODE',
    'MFA_VERIFY_CODE',
    'INFORMATION_COMPLETION_VERIFY_CODE',
  ],
};

/** Root field → operation type and the variables its argument(s) take (name → GraphQL type). */
const FIELDS: Record<string, { type: Operation['type']; variables: Record<string, string> }> = {
  loginByEmail: { type: 'mutation', variables: { input: 'LoginByEmailInput!' } },
  loginByUsername: { type: 'mutation', variables: { input: 'LoginByUsernameInput!' } },
  loginByPhonePassword: { type: 'mutation', variables: { input: 'LoginByPhonePasswordInput!' } },
  loginByPhoneCode: { type: 'mutation', variables: { input: 'LoginByPhoneCodeInput!' } },
  checkLoginStatus: { type: 'query', variables: { token: 'String' } },
  user: { type: 'query', variables: { id: 'String' } },
  refreshToken: { type: 'mutation', variables: { id: 'String' } },
  sendEmail: { type: 'mutation', variables: { email: 'String!', scene: 'EmailScene!' } },
};

function coerceScalar(type: Scalar, v: unknown): boolean {
  return type === 'String' ? typeof v === 'string' : typeof v === 'boolean';
}

function checkValue(name: string, type: string, value: unknown): string | undefined {
  const nonNull = type.endsWith('!');
  const base = nonNull ? type.slice(0, -1) : type;
  if (value === undefined || value === null) {
    return nonNull ? `Variable "$${name}" of required type "${type}" was not provided.` : undefined;
  }
  if (base === 'String' || base === 'Boolean') {
    return coerceScalar(base, value)
      ? undefined
      : `Variable "$${name}" got invalid value; ${base} cannot represent it.`;
  }
  const values = ENUMS[base];
  if (values) {
    return typeof value === 'string' && values.includes(value)
      ? undefined
      : `Variable "$${name}" got invalid value; Value does not exist in "${base}" enum.`;
  }
  const fields = INPUT_TYPES[base];
  if (!fields) return `Unknown type "${base}".`;
  if (typeof value !== 'object' || Array.isArray(value))
    return `Variable "$${name}" got invalid value; Expected type "${base}" to be an object.`;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(fields, key))
      return `Variable "$${name}" got invalid value; Field "${key}" is not defined by type "${base}".`;
  }
  for (const [key, spec] of Object.entries(fields)) {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (spec.required)
        return `Variable "$${name}" got invalid value; Field "${key}" of required type "${spec.type}!" was not provided.`;
    } else if (!coerceScalar(spec.type, v)) {
      return `Variable "$${name}" got invalid value at "${name}.${key}"; ${spec.type} cannot represent it.`;
    }
  }
  return undefined;
}

/**
 * Checks an operation and its variables against the schema slice; returns the GraphQL error
 * message of the first violation, or undefined when the request would execute. Unknown root
 * fields are left to the caller (its "Cannot query field" answer).
 */
export function schemaError(op: Operation, variables: Record<string, unknown>): string | undefined {
  const field = FIELDS[op.root.name];
  if (!field) return undefined;
  if (op.type !== field.type) {
    return `Cannot query field "${op.root.name}" on type "${op.type === 'mutation' ? 'Mutation' : 'Query'}".`;
  }
  for (const [name, type] of Object.entries(field.variables)) {
    const declared = op.variables[name];
    // An argument passed through an undeclared or wrongly typed variable does not validate.
    if (declared === undefined) {
      if (type.endsWith('!'))
        return `Field "${op.root.name}" argument "${name}" of type "${type}" is required, but it was not provided.`;
      continue;
    }
    // A non-null variable may feed a nullable argument; nothing else may differ.
    if (declared !== type && declared !== `${type}!`)
      return `Variable "$${name}" of type "${declared}" used in position expecting type "${type}".`;
    const err = checkValue(name, type, variables[name]);
    if (err) return err;
  }
  return undefined;
}
