import type { Messages } from './en.js';

// Arabic (Modern Standard Arabic), written right to left: the card gets dir="rtl" (see
// ../../auth-login.ts). Loaded only when the resolved language is Arabic (see ../i18n.ts).
// The widget isolates a phone number left to right inside a sentence (U+2066 … U+2069), so its
// leading `+` stays in front of the digits (translations.test.ts checks it on screen).
const names: Record<string, string> = {
  userId: 'معرّف المستخدم',
  username: 'اسم المستخدم',
  email: 'البريد الإلكتروني',
  phone: 'رقم الهاتف',
};

const ar: Messages = {
  title: 'تسجيل الدخول',
  methods: 'طريقة تسجيل الدخول',
  loading: 'جارٍ التحميل…',
  tab: { password: 'كلمة المرور', phone: 'رمز SMS', otp: 'رمز لمرة واحدة', token: 'رمز الجهاز' },
  signIn: 'تسجيل الدخول',
  sendCode: 'إرسال الرمز',
  signOut: 'تسجيل الخروج',
  identifier: (kinds) => kinds.map((k) => names[k] ?? k).join(' أو ') || 'اسم المستخدم',
  password: 'كلمة المرور',
  showPassword: 'إظهار كلمة المرور',
  phone: 'رقم الهاتف',
  country: 'البلد',
  code: 'رمز التحقق',
  otp: 'كلمة المرور لمرة واحدة',
  domain: 'النطاق',
  token: 'رمز الجهاز',
  captcha: 'الأحرف الظاهرة في الصورة',
  captchaImage: 'اختبار التحقق: الأحرف المطلوب كتابتها',
  newImage: 'صورة أخرى',
  back: 'رجوع',
  orUse: (tabs) => `يمكنك أيضًا تسجيل الدخول باستخدام ${tabs}.`,
  codeSent: (to) => `تم إرسال الرمز إلى ${to}.`,
  canResend: 'يمكنك الآن طلب رمز جديد.',
  signingIn: 'جارٍ تسجيل الدخول…',
  sendingCode: 'جارٍ إرسال الرمز…',
  resendIn: (time) => `يمكنك طلب رمز جديد بعد ${time}.`,
  signedInAs: 'تم تسجيل الدخول باسم',
  unavailable: 'لا تتوفر أي طريقة لتسجيل الدخول.',
  errors: {
    invalid_request: 'تحقق مما أدخلته وأعد المحاولة.',
    csrf_rejected: 'لا تسمح إعدادات هذا الموقع بتسجيل الدخول من هذه الصفحة.',
    method_disabled: 'طريقة تسجيل الدخول هذه غير متاحة.',
    invalid_credentials: 'بيانات تسجيل الدخول غير صحيحة. تحقق منها وأعد المحاولة.',
    captcha_required: 'اكتب الأحرف الظاهرة في الصورة للمتابعة.',
    invalid_code: 'الرمز غير صحيح. تحقق منه وأعد المحاولة.',
    code_expired: 'انتهت صلاحية الرمز. اطلب رمزًا جديدًا.',
    invalid_token: 'رمز الجهاز غير صالح.',
    mfa_required: 'يتطلب هذا الحساب خطوة تحقق ثانية غير متاحة هنا.',
    mfa_not_pending: 'سجّل الدخول مرة أخرى للمتابعة.',
    password_reset_required: 'غيّر كلمة المرور هذه قبل تسجيل الدخول.',
    rate_limited: 'محاولات كثيرة جدًا. أعد المحاولة لاحقًا.',
    upstream_error: 'أرسلت خدمة تسجيل الدخول ردًا غير متوقع. أعد المحاولة.',
    upstream_unavailable: 'خدمة تسجيل الدخول غير متاحة حاليًا. أعد المحاولة بعد قليل.',
    upstream_timeout: 'استغرقت خدمة تسجيل الدخول وقتًا طويلًا للرد. أعد المحاولة.',
    network_error: 'تعذّر الاتصال بالخادم. تحقق من اتصالك وأعد المحاولة.',
    unknown: 'حدث خطأ ما. أعد المحاولة.',
  },
  retryIn: (time) => `محاولات كثيرة جدًا. أعد المحاولة بعد ${time}.`,
  verifyTitle: 'تأكيد هويتك',
  mfaChoose: 'التحقق عبر',
  mfaMethod: { totp: 'تطبيق المصادقة', sms: 'رسالة نصية', email: 'البريد الإلكتروني' },
  mfaHint: (type, to) => (type === 'totp' ? 'أدخل الرمز الظاهر في تطبيق المصادقة.' : `يمكننا إرسال رمز إلى ${to}.`),
  verify: 'تحقّق',
  mfaRestart: 'سجّل الدخول مرة أخرى للمتابعة.',
  passwordExpires: (when) => `تنتهي صلاحية كلمة المرور ${when}.`,
  passwordExpired: 'انتهت صلاحية كلمة المرور.',
};

export default ar;
