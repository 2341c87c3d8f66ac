import { Field, InputType } from 'type-graphql';
import { AuthenticationType, ConnectionAccess, Role, TokenEndpointAuthMethod } from './enums.js';

@InputType()
export class KeyValueInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType()
export class OAuth2SettingsInput {
  @Field(() => String, { nullable: true }) issuer?: string | null;
  @Field(() => String, { nullable: true }) authorizationEndpoint?: string | null;
  @Field(() => String, { nullable: true }) tokenEndpoint?: string | null;
  @Field(() => String, { nullable: true }) revocationEndpoint?: string | null;
  @Field(() => String) clientId!: string;
  @Field(() => String, { nullable: true, description: 'Write-only.' }) clientSecret?: string | null;
  @Field(() => [String]) scopes!: string[];
  @Field(() => TokenEndpointAuthMethod, {
    nullable: true,
    defaultValue: TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
  })
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | null;
  @Field(() => [KeyValueInput], { nullable: true }) extraAuthorizationParams?: KeyValueInput[] | null;
  @Field(() => String, { nullable: true }) templateId?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) templateParameters?: KeyValueInput[] | null;
}

@InputType({ description: 'Write-only credentials of the non-OAuth authentication types; never returned.' })
export class CredentialsInput {
  @Field(() => String, { nullable: true, description: 'BASIC' }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'BASIC' }) password?: string | null;
  @Field(() => String, { nullable: true, description: 'API_KEY: the secret value' }) apiKey?: string | null;
  @Field(() => String, { nullable: true, description: 'API_KEY: header that carries it (e.g. X-Api-Key) ...' })
  apiKeyHeader?: string | null;
  @Field(() => String, { nullable: true, description: '... or query parameter; exactly one of the two' })
  apiKeyQueryParam?: string | null;
}

@InputType()
export class CreateConnectionInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) baseUrl?: string | null;
  @Field(() => AuthenticationType) authenticationType!: AuthenticationType;
  @Field(() => OAuth2SettingsInput, { nullable: true }) oauth2?: OAuth2SettingsInput | null;
  @Field(() => CredentialsInput, { nullable: true, description: 'BASIC and API_KEY' }) credentials?: CredentialsInput | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) allowTokenAccess?: boolean | null;
}

@InputType()
export class UpdateConnectionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) baseUrl?: string | null;
  @Field(() => OAuth2SettingsInput, { nullable: true }) oauth2?: OAuth2SettingsInput | null;
  @Field(() => CredentialsInput, { nullable: true, description: 'Replaces the stored credentials.' })
  credentials?: CredentialsInput | null;
  @Field(() => Boolean, { nullable: true }) allowTokenAccess?: boolean | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ConnectionAccess, { nullable: true, defaultValue: ConnectionAccess.NONE })
  connectionAccess?: ConnectionAccess | null;
  @Field(() => [String], { nullable: true, description: 'Null = all connections of the workspace.' })
  connectionCodes?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'When the key stops working (in the future); null = never.' })
  expiresAt?: Date | null;
}

@InputType()
export class CreateWorkspaceInput {
  @Field(() => String) slug!: string;
  @Field(() => String) company!: string;
  @Field(() => String) environment!: string;
}
