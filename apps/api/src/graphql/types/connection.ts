import { Field, ID, ObjectType } from 'type-graphql';
import { Authorization } from './authorization.js';
import { AuthenticationType, TokenEndpointAuthMethod } from './enums.js';
import { KeyValue } from './provider-template.js';

@ObjectType({ simpleResolvers: true })
export class OAuth2Settings {
  @Field(() => String, { nullable: true }) issuer!: string | null;
  @Field(() => String) authorizationEndpoint!: string;
  @Field(() => String) tokenEndpoint!: string;
  @Field(() => String, { nullable: true }) revocationEndpoint!: string | null;
  @Field(() => String) clientId!: string;
  @Field(() => Boolean) clientSecretSet!: boolean;
  @Field(() => [String]) scopes!: string[];
  @Field(() => TokenEndpointAuthMethod) tokenEndpointAuthMethod!: TokenEndpointAuthMethod;
  @Field(() => String) redirectUri!: string;
  @Field(() => [KeyValue]) extraAuthorizationParams!: KeyValue[];
  @Field(() => String, { nullable: true }) templateId!: string | null;
  /** The values given for the template's `{param}` placeholders (e.g. tenant). */
  @Field(() => [KeyValue]) templateParameters!: KeyValue[];
}

@ObjectType({ simpleResolvers: true, description: 'What may be shown of the stored credentials.' })
export class CredentialsInfo {
  @Field(() => String, { nullable: true, description: 'BASIC' }) username!: string | null;
  @Field(() => Boolean) passwordSet!: boolean;
  @Field(() => Boolean) apiKeySet!: boolean;
  @Field(() => String, { nullable: true }) apiKeyHeader!: string | null;
  @Field(() => String, { nullable: true }) apiKeyQueryParam!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the password or API key was last set; null when unknown.' })
  secretChangedAt!: Date | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "This instance's cached token of an OAUTH2_CLIENT_CREDENTIALS connection; never the token itself.",
})
export class ClientCredentialsTokenState {
  @Field(() => Boolean, { description: 'A token is cached and will be used (it expires more than 60 s from now).' }) cached!: boolean;
  @Field(() => Date, { nullable: true }) obtainedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => [String]) scopes!: string[];
}

@ObjectType({ simpleResolvers: true })
export class Connection {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) baseUrl!: string | null;
  @Field(() => AuthenticationType) authenticationType!: AuthenticationType;
  @Field(() => OAuth2Settings, { nullable: true }) oauth2!: OAuth2Settings | null;
  /** Resolved by a field resolver (the read cache), null unless OAUTH2_AUTHORIZATION_CODE. */
  @Field(() => Authorization, { nullable: true }) authorization?: Authorization | null;
  @Field(() => CredentialsInfo, { nullable: true, description: 'Null unless BASIC or API_KEY.' })
  credentials!: CredentialsInfo | null;
  @Field(() => Boolean, { description: "May TOKEN keys read this connection's access token? Default false." })
  allowTokenAccess!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
