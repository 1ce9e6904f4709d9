export { openiamConfigSchema, type OpenIamConfig } from './config.js';
export { createOpenIamConnector, OPENIAM_TYPE } from './connector.js';
export { normalizePhone, toPhoneBean, type PhoneBean } from './phone.js';
