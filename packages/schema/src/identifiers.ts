/**
 * Shapes of the identifiers the contract fixes (see contract.graphql), shared by the API, which
 * enforces them, and the console, which checks them before sending.
 */

/** `Connection.code`: upper-case, unique within its workspace. */
export const connectionCodePattern = /^[A-Z0-9_-]{1,50}$/;

/** `Workspace.slug`: lower-case; "default" always exists. */
export const workspaceSlugPattern = /^[a-z0-9-]{1,40}$/;
