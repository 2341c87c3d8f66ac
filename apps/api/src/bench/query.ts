/** The polled query of the bench, identical for both servers. */
export const BENCH_QUERY = `query Poll($code: String!) {
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
