/**
 * The GraphQL documents the connector sends: the JS SDK's operations and variable types
 * (docs/protocols/authing.md §5, §5.1) with a selection set trimmed to what the connector reads. `password` is
 * never selected (a server-side hash, §6); `token` only on logins, where it becomes the upstream
 * session (kept server-side, connector.ts rule 4).
 */
const USER_FIELDS = 'id userPoolId status username email phone phoneCountryCode nickname name';

const login = (field: string, inputType: string) =>
  `mutation ${field}($input: ${inputType}!) {\n  ${field}(input: $input) {\n    ${USER_FIELDS} token tokenExpiredAt\n  }\n}`;

export const LOGIN_BY_EMAIL = login('loginByEmail', 'LoginByEmailInput');
export const LOGIN_BY_USERNAME = login('loginByUsername', 'LoginByUsernameInput');
export const LOGIN_BY_PHONE_PASSWORD = login('loginByPhonePassword', 'LoginByPhonePasswordInput');
export const LOGIN_BY_PHONE_CODE = login('loginByPhoneCode', 'LoginByPhoneCodeInput');

export const CHECK_LOGIN_STATUS =
  'query checkLoginStatus($token: String) {\n  checkLoginStatus(token: $token) {\n    code message status exp iat data { id userPoolId arn }\n  }\n}';

export const CURRENT_USER = `query user($id: String) {\n  user(id: $id) {\n    ${USER_FIELDS}\n  }\n}`;

/** The SDK's `sendEmail` (scene `MFA_VERIFY` for the second step's email code). */
export const SEND_EMAIL =
  'mutation sendEmail($email: String!, $scene: EmailScene!) {\n  sendEmail(email: $email, scene: $scene) {\n    message\n    code\n  }\n}';
