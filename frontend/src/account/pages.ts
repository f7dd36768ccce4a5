export { ChangePassword } from './ChangePassword';
export { ForgotPassword } from './ForgotPassword';
export { ResetPassword, Welcome } from './SetPassword';
