/** Variable names that carry secrets: *_KEY, *_SECRET, *PASSWORD*, *TOKEN*. Shared by config validation and the policy rules. */
export const SECRET_NAME = /(?:^|_)(?:[A-Z0-9]*_)?KEY$|(?:^|_)SECRET$|PASSWORD|PASSWD|TOKEN/i;
