import { Field, InputType } from 'type-graphql';
import { AuthenticationType, Role, TokenEndpointAuthMethod } from './enums.js';

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

@InputType()
export class CreateConnectionInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) baseUrl?: string | null;
  @Field(() => AuthenticationType) authenticationType!: AuthenticationType;
  @Field(() => OAuth2SettingsInput, { nullable: true }) oauth2?: OAuth2SettingsInput | null;
}

@InputType()
export class UpdateConnectionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) baseUrl?: string | null;
  @Field(() => OAuth2SettingsInput, { nullable: true }) oauth2?: OAuth2SettingsInput | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => Role) role!: Role;
}

@InputType()
export class CreateWorkspaceInput {
  @Field(() => String) slug!: string;
  @Field(() => String) company!: string;
  @Field(() => String) environment!: string;
}
