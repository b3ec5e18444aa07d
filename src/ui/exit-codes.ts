// Exit codes that more than one command shares (the rest: 0 done, 1 failed, 2 usage or refused,
// 3 rollout timeout); the signal ones follow the shell's 128+signal convention.
/** Nothing answered at the base URL (connection refused, host not found, every request timed out). */
export const UNREACHABLE_EXIT = 4;
export const SIGHUP_EXIT = 129;
export const SIGINT_EXIT = 130;
export const SIGTERM_EXIT = 143;
