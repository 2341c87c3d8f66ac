export { errorCodes, errorCodeList, isErrorCode, type ErrorCode } from './error-codes.js';
