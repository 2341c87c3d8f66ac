/** The polled query of the bench, identical for both servers. */
export const BENCH_QUERY = `query Poll($code: String!) {
  authorization(connectionCode: $code) {
    connectionCode status tokenExpiresAt lastAuthorizedAt authorizedBy lastRefreshedAt
    refreshTokenExpiresAt grantedScopes statusReason
  }
}`;

/**
 * The same read as a fragment: not eligible for the response cache, so it measures the full
 * Apollo + type-graphql path (`BENCH_UNCACHED=1`).
 */
export const BENCH_QUERY_UNCACHED = `query Poll($code: String!) { ...Poll }
fragment Poll on Query {
  authorization(connectionCode: $code) {
    connectionCode status tokenExpiresAt lastAuthorizedAt authorizedBy lastRefreshedAt
    refreshTokenExpiresAt grantedScopes statusReason
  }
}`;

/** What a bench child prints on its first stdout line. */
export interface BenchTarget {
  url: string;
  headers: Record<string, string>;
  code: string;
}
