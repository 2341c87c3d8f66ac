import { Field, Int, ObjectType } from 'type-graphql';
import { AuthorizationStatus } from './enums.js';
import { TokenState } from './token-state.js';

/** The seed's "Key Fields" of the OAuth2 Authorization Management page. Never a token. */
@ObjectType({ simpleResolvers: true })
export class Authorization {
  @Field(() => String) connectionCode!: string;
  @Field(() => AuthorizationStatus) status!: AuthorizationStatus;
  @Field(() => Date, { nullable: true }) tokenExpiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastAuthorizedAt!: Date | null;
  @Field(() => String, { nullable: true }) authorizedBy!: string | null;
  @Field(() => Date, { nullable: true }) lastRefreshedAt!: Date | null;
  @Field(() => Date, { nullable: true }) refreshTokenExpiresAt!: Date | null;
  @Field(() => [String]) grantedScopes!: string[];
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the refresher will next try.' })
  nextRefreshAt!: Date | null;
  /** Resolved when read (see AuthorizationFieldsResolver). */
  @Field(() => TokenState) tokenState?: TokenState;
  @Field(() => Date, { nullable: true, description: 'First of the current run of failed refreshes; null when the last one succeeded.' })
  refreshFailingSince?: Date | null;
  @Field(() => Int) consecutiveRefreshFailures!: number;
  @Field(() => [String], { description: 'What the connection asks for; compare with grantedScopes.' })
  requestedScopes?: string[];
}

@ObjectType({ simpleResolvers: true })
export class StartAuthorizationPayload {
  @Field(() => String) authorizationUrl!: string;
  @Field(() => Date) expiresAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class TokenTestResult {
  @Field(() => Boolean) valid!: boolean;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => String) message!: string;
}
