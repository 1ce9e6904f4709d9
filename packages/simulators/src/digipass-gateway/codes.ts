/**
 * OAS return/status codes as DIGIPASS Gateway passes them through (docs/protocols/digipass-gateway.md §4).
 * Confirmed numbers: 0, 1000, 1002, 1004, 1005, 1006, 1007. The note marks the numbers of the
 * other names "unconfirmed"; the values below are our stable picks, kept in this one table
 * (simulator pitfall 3), and negative like the OAS error codes they are.
 */
export const RETURN_CODES = {
  RET_SUCCESS: 0, // confirmed
  RET_FAILURE: -1, // unconfirmed number (−1 in IDENTIKEY SOAP to the best of the note's knowledge)
} as const;

export const STATUS_CODES = {
  STAT_SUCCESS: 0, // confirmed
  STAT_INVCREDENTIALS: 1000, // confirmed
  STAT_EXP_CHALLENGE: 1004, // confirmed
  STAT_LOCKED: 1007, // confirmed
  STAT_OTP_INCORRECT: 1012, // unconfirmed number (one of those replaced by 1000 under the generic policy)
  STAT_USER_UNKNOWN: 1011, // unconfirmed number
  STAT_MISSINGFLD: -13, // unconfirmed number
  STAT_INVDATA: -17, // unconfirmed number
} as const;

export type ReturnCodeEnum = keyof typeof RETURN_CODES;
export type StatusCodeEnum = keyof typeof STATUS_CODES;

/** The `resultCodes` block: always all four fields, numbers as JSON numbers (simulator pitfall 2). */
export function resultCodes(ret: ReturnCodeEnum, stat: StatusCodeEnum) {
  return {
    returnCodeEnum: ret,
    statusCodeEnum: stat,
    returnCode: RETURN_CODES[ret],
    statusCode: STATUS_CODES[stat],
  };
}
