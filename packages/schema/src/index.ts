export { errorCodes, errorCodeList, isErrorCode, type ErrorCode } from './error-codes.js';
export { connectionCodePattern, workspaceSlugPattern } from './identifiers.js';
