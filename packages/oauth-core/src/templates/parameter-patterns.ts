/**
 * Patterns for template parameters. Each admits only characters that cannot leave the URL
 * component they are substituted into: no `/`, `?`, `#`, `@`, `:`, `%`, `\` or whitespace.
 *
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2 (host)
 * @see https://www.rfc-editor.org/rfc/rfc1035#section-2.3.1 (DNS labels)
 */

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/** A DNS host name with at least two labels, e.g. `acme.okta.com`. */
export const HOSTNAME_PATTERN = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);

/** A single path segment of letters, digits, `.`, `-` (no `..`), e.g. an Entra tenant. */
export const PATH_SEGMENT_PATTERN = /^(?!.*\.\.)[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;

/** Letters and digits only, e.g. an Okta authorization server id. */
export const ALPHANUMERIC_PATTERN = /^[A-Za-z0-9]{1,64}$/;
