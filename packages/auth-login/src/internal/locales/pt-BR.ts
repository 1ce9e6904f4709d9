import type { Messages } from './en.js';

// Brazilian Portuguese ("você"). Loaded only when the resolved language is Portuguese (see
// ../i18n.ts). Names are written as they appear inside a sentence.
const names: Record<string, string> = {
  userId: 'ID de usuário',
  username: 'nome de usuário',
  email: 'e-mail',
  phone: 'número de telefone',
};

const ptBR: Messages = {
  title: 'Entrar',
  methods: 'Método de login',
  loading: 'Carregando…',
  tab: { password: 'Senha', phone: 'Código SMS', otp: 'OTP', token: 'Token' },
  signIn: 'Entrar',
  sendCode: 'Enviar código',
  signOut: 'Sair',
  identifier: (kinds) =>
    (kinds.map((k) => names[k] ?? k).join(' ou ') || 'nome de usuário').replace(/^./, (c) => c.toUpperCase()),
  password: 'Senha',
  showPassword: 'Mostrar senha',
  phone: 'Número de telefone',
  country: 'País',
  code: 'Código de verificação',
  otp: 'Senha de uso único',
  domain: 'Domínio',
  token: 'Token',
  captcha: 'Caracteres da imagem',
  captchaImage: 'Captcha: os caracteres a digitar',
  newImage: 'Nova imagem',
  back: 'Voltar',
  orUse: (tabs) => `Você também pode entrar com ${tabs}.`,
  codeSent: (to) => `Código enviado para ${to}.`,
  canResend: 'Você já pode pedir um novo código.',
  signingIn: 'Entrando…',
  sendingCode: 'Enviando código…',
  resendIn: (time) => `Você poderá pedir um novo código em ${time}.`,
  signedInAs: 'Conectado como',
  unavailable: 'Nenhum método de login está disponível.',
  errors: {
    invalid_request: 'Confira os dados informados e tente novamente.',
    csrf_rejected: 'A configuração deste site não permite fazer login nesta página.',
    method_disabled: 'Este método de login não está disponível.',
    invalid_credentials: 'Os dados de login estão incorretos. Confira e tente novamente.',
    captcha_required: 'Digite os caracteres da imagem para continuar.',
    invalid_code: 'O código está incorreto. Confira e tente novamente.',
    code_expired: 'O código expirou. Peça um novo.',
    invalid_token: 'O token não é válido.',
    mfa_required: 'Esta conta exige uma segunda etapa que não está disponível aqui.',
    mfa_not_pending: 'Entre novamente para continuar.',
    password_reset_required: 'Altere esta senha antes de entrar.',
    rate_limited: 'Muitas tentativas. Tente novamente mais tarde.',
    upstream_error: 'O serviço de login deu uma resposta inesperada. Tente novamente.',
    upstream_unavailable: 'O serviço de login está indisponível. Tente novamente em instantes.',
    upstream_timeout: 'O serviço de login demorou demais para responder. Tente novamente.',
    network_error: 'Não foi possível acessar o servidor. Verifique sua conexão e tente novamente.',
    unknown: 'Algo deu errado. Tente novamente.',
  },
  retryIn: (time) => `Muitas tentativas. Tente novamente em ${time}.`,
  verifyTitle: 'Confirme que é você',
  mfaChoose: 'Verificar com',
  mfaMethod: { totp: 'App autenticador', sms: 'SMS', email: 'E-mail' },
  mfaHint: (type, to) =>
    type === 'totp' ? 'Digite o código exibido no seu app autenticador.' : `Podemos enviar um código para ${to}.`,
  verify: 'Verificar',
  mfaRestart: 'Entre novamente para continuar.',
  passwordExpires: (when) => `Sua senha expira ${when}.`,
  passwordExpired: 'Sua senha expirou.',
};

export default ptBR;
