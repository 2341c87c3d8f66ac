import { Field, ObjectType } from 'type-graphql';
import { AuthorizationStatus } from './enums.js';

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
  @Field(() => Date, { nullable: true, description: 'When the refresher will refresh it.' })
  nextRefreshAt!: Date | null;
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
