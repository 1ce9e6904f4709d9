import type { Messages } from './en.js';

// Spanish (neutral, "tú" as in most current product UIs). Loaded only when the resolved language
// is Spanish (see ../i18n.ts). Names are written as they appear inside a sentence.
const names: Record<string, string> = {
  userId: 'ID de usuario',
  username: 'nombre de usuario',
  email: 'correo electrónico',
  phone: 'número de teléfono',
};

const es: Messages = {
  title: 'Iniciar sesión',
  methods: 'Método de inicio de sesión',
  loading: 'Cargando…',
  tab: { password: 'Contraseña', phone: 'Código SMS', otp: 'OTP', token: 'Token' },
  signIn: 'Iniciar sesión',
  sendCode: 'Enviar código',
  signOut: 'Cerrar sesión',
  identifier: (kinds) =>
    (kinds.map((k) => names[k] ?? k).join(' o ') || 'nombre de usuario').replace(/^./, (c) => c.toUpperCase()),
  password: 'Contraseña',
  showPassword: 'Mostrar contraseña',
  phone: 'Número de teléfono',
  country: 'País',
  code: 'Código de verificación',
  otp: 'Contraseña de un solo uso',
  domain: 'Dominio',
  token: 'Token',
  captcha: 'Caracteres de la imagen',
  captchaImage: 'Captcha: los caracteres que debes escribir',
  newImage: 'Otra imagen',
  back: 'Volver',
  orUse: (tabs) => `También puedes iniciar sesión con ${tabs}.`,
  codeSent: (to) => `Código enviado a ${to}.`,
  canResend: 'Ya puedes solicitar un código nuevo.',
  signingIn: 'Iniciando sesión…',
  sendingCode: 'Enviando código…',
  resendIn: (time) => `Podrás solicitar un código nuevo en ${time}.`,
  signedInAs: 'Sesión iniciada como',
  unavailable: 'No hay ningún método de inicio de sesión disponible.',
  errors: {
    invalid_request: 'Revisa los datos introducidos e inténtalo de nuevo.',
    csrf_rejected: 'La configuración de este sitio no permite iniciar sesión desde esta página.',
    method_disabled: 'Este método de inicio de sesión no está disponible.',
    invalid_credentials: 'Los datos de inicio de sesión no son correctos. Revísalos e inténtalo de nuevo.',
    captcha_required: 'Escribe los caracteres de la imagen para continuar.',
    invalid_code: 'El código no es correcto. Revísalo e inténtalo de nuevo.',
    code_expired: 'El código ha caducado. Solicita uno nuevo.',
    invalid_token: 'El token no es válido.',
    mfa_required: 'Esta cuenta requiere un segundo paso que no está disponible aquí.',
    mfa_not_pending: 'Vuelve a iniciar sesión para continuar.',
    password_reset_required: 'Cambia esta contraseña antes de iniciar sesión.',
    rate_limited: 'Demasiados intentos. Inténtalo de nuevo más tarde.',
    upstream_error: 'El servicio de inicio de sesión ha dado una respuesta inesperada. Inténtalo de nuevo.',
    upstream_unavailable: 'El servicio de inicio de sesión no está disponible. Inténtalo de nuevo en unos instantes.',
    upstream_timeout: 'El servicio de inicio de sesión ha tardado demasiado en responder. Inténtalo de nuevo.',
    network_error: 'No se ha podido conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
    unknown: 'Se ha producido un error. Inténtalo de nuevo.',
  },
  retryIn: (time) => `Demasiados intentos. Inténtalo de nuevo en ${time}.`,
  verifyTitle: 'Confirma que eres tú',
  mfaChoose: 'Verificar con',
  mfaMethod: { totp: 'App de autenticación', sms: 'SMS', email: 'Correo electrónico' },
  mfaHint: (type, to) =>
    type === 'totp' ? 'Introduce el código que muestra tu app de autenticación.' : `Podemos enviar un código a ${to}.`,
  verify: 'Verificar',
  mfaRestart: 'Vuelve a iniciar sesión para continuar.',
  passwordExpires: (when) => `Tu contraseña caduca ${when}.`,
  passwordExpired: 'Tu contraseña ha caducado.',
};

export default es;
