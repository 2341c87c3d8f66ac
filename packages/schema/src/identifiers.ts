/**
 * Shapes of the identifiers the contract fixes (see contract.graphql), shared by the API, which
 * enforces them, and the console, which checks them before sending.
 */

/** The longest `Connection.code` (a longer one cannot exist: lookups may skip the database). */
export const connectionCodeMaxLength = 50;

/** `Connection.code`: upper-case, unique within its workspace. */
export const connectionCodePattern = new RegExp(`^[A-Z0-9_-]{1,${connectionCodeMaxLength}}$`);

/** `Workspace.slug`: lower-case; "default" always exists. */
export const workspaceSlugPattern = /^[a-z0-9-]{1,40}$/;
