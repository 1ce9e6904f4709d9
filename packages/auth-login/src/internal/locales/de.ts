import type { Messages } from './en.js';

// German (formal "Sie"). Loaded only when the resolved language is German (see ../i18n.ts).
// Nouns keep their capital letter inside the list: `Benutzername oder E-Mail`.
const names: Record<string, string> = {
  userId: 'Benutzer-ID',
  username: 'Benutzername',
  email: 'E-Mail',
  phone: 'Telefonnummer',
};

const de: Messages = {
  title: 'Anmelden',
  methods: 'Anmeldemethode',
  loading: 'Wird geladen…',
  tab: { password: 'Passwort', phone: 'SMS-Code', otp: 'OTP', token: 'Token' },
  signIn: 'Anmelden',
  sendCode: 'Code senden',
  signOut: 'Abmelden',
  identifier: (kinds) => kinds.map((k) => names[k] ?? k).join(' oder ') || 'Benutzername',
  password: 'Passwort',
  showPassword: 'Passwort anzeigen',
  phone: 'Telefonnummer',
  country: 'Land',
  code: 'Bestätigungscode',
  otp: 'Einmalpasswort',
  domain: 'Domäne',
  token: 'Token',
  captcha: 'Zeichen im Bild',
  captchaImage: 'Captcha: die einzugebenden Zeichen',
  newImage: 'Neues Bild',
  back: 'Zurück',
  orUse: (tabs) => `Sie können sich auch mit ${tabs} anmelden.`,
  codeSent: (to) => `Der Code wurde an ${to} gesendet.`,
  canResend: 'Sie können einen neuen Code anfordern.',
  signingIn: 'Anmeldung läuft…',
  sendingCode: 'Code wird gesendet…',
  resendIn: (time) => `Sie können in ${time} einen neuen Code anfordern.`,
  signedInAs: 'Angemeldet als',
  unavailable: 'Es ist keine Anmeldemethode verfügbar.',
  errors: {
    invalid_request: 'Überprüfen Sie Ihre Eingaben und versuchen Sie es erneut.',
    csrf_rejected: 'Die Konfiguration dieser Website erlaubt keine Anmeldung von dieser Seite aus.',
    method_disabled: 'Diese Anmeldemethode ist nicht verfügbar.',
    invalid_credentials: 'Die Anmeldedaten sind nicht korrekt. Überprüfen Sie sie und versuchen Sie es erneut.',
    captcha_required: 'Geben Sie die Zeichen aus dem Bild ein, um fortzufahren.',
    invalid_code: 'Der Code ist nicht korrekt. Überprüfen Sie ihn und versuchen Sie es erneut.',
    code_expired: 'Der Code ist abgelaufen. Fordern Sie einen neuen an.',
    invalid_token: 'Das Token ist ungültig.',
    mfa_required: 'Für dieses Konto ist ein zweiter Anmeldeschritt erforderlich, der hier nicht verfügbar ist.',
    mfa_not_pending: 'Melden Sie sich erneut an, um fortzufahren.',
    password_reset_required: 'Ändern Sie dieses Passwort, bevor Sie sich anmelden.',
    rate_limited: 'Zu viele Versuche. Versuchen Sie es später erneut.',
    upstream_error: 'Der Anmeldedienst hat unerwartet geantwortet. Versuchen Sie es erneut.',
    upstream_unavailable: 'Der Anmeldedienst ist nicht verfügbar. Versuchen Sie es gleich noch einmal.',
    upstream_timeout: 'Der Anmeldedienst hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut.',
    network_error: 'Der Server ist nicht erreichbar. Überprüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    unknown: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
  },
  retryIn: (time) => `Zu viele Versuche. Versuchen Sie es in ${time} erneut.`,
  verifyTitle: 'Bestätigen Sie Ihre Identität',
  mfaChoose: 'Bestätigen mit',
  mfaMethod: { totp: 'Authenticator-App', sms: 'SMS', email: 'E-Mail' },
  mfaHint: (type, to) =>
    type === 'totp'
      ? 'Geben Sie den Code ein, den Ihre Authenticator-App anzeigt.'
      : `Wir können einen Code an ${to} senden.`,
  verify: 'Bestätigen',
  mfaRestart: 'Melden Sie sich erneut an, um fortzufahren.',
  passwordExpires: (when) => `Ihr Passwort läuft ${when} ab.`,
  passwordExpired: 'Ihr Passwort ist abgelaufen.',
};

export default de;
