import type { Messages } from './en.js';

// Simplified Chinese. Loaded only when the resolved language is Chinese (see ../i18n.ts).
const names: Record<string, string> = { userId: '用户 ID', username: '用户名', email: '邮箱', phone: '手机号' };

const zhCN: Messages = {
  title: '登录',
  methods: '登录方式',
  loading: '加载中…',
  tab: { password: '密码', phone: '短信验证码', otp: '动态口令', token: '令牌' },
  signIn: '登录',
  sendCode: '发送验证码',
  signOut: '退出登录',
  identifier: (kinds) => kinds.map((k) => names[k] ?? k).join('或') || '用户名',
  password: '密码',
  showPassword: '显示密码',
  phone: '手机号',
  code: '验证码',
  otp: '动态口令',
  domain: '域',
  token: '令牌',
  captcha: '图中字符',
  captchaImage: '图形验证码：需要输入的字符',
  codeSent: '验证码已发送，请在下方输入。',
  resendIn: (time) => `${time}后可重新发送验证码。`,
  signedInAs: '当前登录用户',
  unavailable: '没有可用的登录方式。',
  errors: {
    invalid_request: '请检查输入内容后重试。',
    csrf_rejected: '此网站的配置不允许从此页面登录。',
    method_disabled: '此登录方式不可用。',
    invalid_credentials: '登录信息不正确，请检查后重试。',
    captcha_required: '请输入图中的字符以继续。',
    invalid_code: '验证码不正确，请检查后重试。',
    code_expired: '验证码已过期，请重新发送。',
    invalid_token: '令牌无效。',
    mfa_required: '此账号需要二次验证，此处暂不支持，请联系管理员。',
    password_reset_required: '此账号的密码需要先修改，才能登录。',
    rate_limited: '尝试次数过多，请稍后再试。',
    upstream_error: '登录服务返回了异常结果，请重试。',
    upstream_unavailable: '登录服务暂不可用，请稍后再试。',
    upstream_timeout: '登录服务响应超时，请重试。',
    network_error: '无法连接服务器，请检查网络后重试。',
    unknown: '出错了，请重试。',
  },
  retryIn: (time) => `尝试次数过多，请在${time}后再试。`,
};

export default zhCN;
