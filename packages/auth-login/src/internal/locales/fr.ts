import type { Messages } from './en.js';

// French. Loaded only when the resolved language is French (see ../i18n.ts).
const names: Record<string, string> = {
  userId: 'Identifiant',
  username: "Nom d'utilisateur",
  email: 'E-mail',
  phone: 'Numéro de téléphone',
};

const fr: Messages = {
  title: 'Connexion',
  methods: 'Méthode de connexion',
  loading: 'Chargement…',
  tab: { password: 'Mot de passe', phone: 'Code par SMS', otp: 'OTP', token: 'Jeton' },
  signIn: 'Se connecter',
  sendCode: 'Envoyer le code',
  signOut: 'Se déconnecter',
  identifier: (kinds) =>
    kinds.map((k, i) => (i ? (names[k] ?? k).toLowerCase() : (names[k] ?? k))).join(' ou ') || "Nom d'utilisateur",
  password: 'Mot de passe',
  showPassword: 'Afficher le mot de passe',
  phone: 'Numéro de téléphone',
  country: 'Pays',
  code: 'Code de vérification',
  otp: 'Mot de passe à usage unique',
  domain: 'Domaine',
  token: 'Jeton',
  captcha: "Caractères de l'image",
  captchaImage: 'Captcha : les caractères à saisir',
  newImage: 'Nouvelle image',
  back: 'Retour',
  orUse: (tabs) => `Vous pouvez aussi vous connecter par ${tabs}.`,
  codeSent: (to) => `Code envoyé à ${to}.`,
  canResend: 'Vous pouvez demander un nouveau code.',
  signingIn: 'Connexion…',
  sendingCode: 'Envoi du code…',
  resendIn: (time) => `Vous pourrez demander un nouveau code dans ${time}.`,
  signedInAs: 'Connecté en tant que',
  unavailable: "Aucune méthode de connexion n'est disponible.",
  errors: {
    invalid_request: 'Vérifiez votre saisie et réessayez.',
    csrf_rejected: "La configuration de ce site n'autorise pas la connexion depuis cette page.",
    method_disabled: "Cette méthode de connexion n'est pas disponible.",
    invalid_credentials: 'Identifiants incorrects. Vérifiez-les et réessayez.',
    captcha_required: "Saisissez les caractères de l'image pour continuer.",
    invalid_code: 'Ce code est incorrect. Vérifiez-le et réessayez.',
    code_expired: 'Ce code a expiré. Demandez-en un nouveau.',
    invalid_token: "Ce jeton n'est pas valide.",
    mfa_required:
      "Ce compte demande une seconde étape de connexion qui n'est pas disponible ici. Contactez votre administrateur.",
    mfa_not_pending: 'Reconnectez-vous pour continuer.',
    password_reset_required: 'Le mot de passe de ce compte doit être changé avant de pouvoir vous connecter.',
    rate_limited: 'Trop de tentatives. Réessayez plus tard.',
    upstream_error: 'Le service de connexion a donné une réponse inattendue. Réessayez.',
    upstream_unavailable: 'Le service de connexion est indisponible. Réessayez dans un instant.',
    upstream_timeout: "Le service de connexion n'a pas répondu à temps. Réessayez.",
    network_error: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
    unknown: "Une erreur s'est produite. Réessayez.",
  },
  retryIn: (time) => `Trop de tentatives. Réessayez dans ${time}.`,
  verifyTitle: "Confirmez qu'il s'agit bien de vous",
  mfaChoose: 'Vérifier avec',
  mfaMethod: { totp: "Application d'authentification", sms: 'SMS', email: 'E-mail' },
  mfaHint: (type, to) =>
    type === 'totp'
      ? "Saisissez le code affiché par votre application d'authentification."
      : `Nous pouvons envoyer un code à ${to}.`,
  verify: 'Vérifier',
  mfaRestart: 'Reconnectez-vous pour continuer.',
  passwordExpires: (when) => `Votre mot de passe expire ${when}.`,
  passwordExpired: 'Votre mot de passe a expiré.',
};

export default fr;
