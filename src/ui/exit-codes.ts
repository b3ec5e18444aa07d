// Exit codes for the ways a watch can end, after the shell's 128+signal convention.
export const SIGHUP_EXIT = 129;
export const SIGINT_EXIT = 130;
export const SIGTERM_EXIT = 143;
