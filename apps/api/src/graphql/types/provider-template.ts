import { Field, ObjectType } from 'type-graphql';
import { TokenEndpointAuthMethod } from './enums.js';

@ObjectType({ simpleResolvers: true })
export class KeyValue {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@ObjectType({ simpleResolvers: true })
export class ProviderTemplateParameter {
  @Field(() => String) name!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) example!: string | null;
}

/** A well-known provider; endpoint URLs may contain `{param}` placeholders. */
@ObjectType({ simpleResolvers: true })
export class ProviderTemplate {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) issuer!: string | null;
  @Field(() => String) authorizationEndpoint!: string;
  @Field(() => String) tokenEndpoint!: string;
  @Field(() => String, { nullable: true }) revocationEndpoint!: string | null;
  @Field(() => [String]) scopes!: string[];
  @Field(() => TokenEndpointAuthMethod) tokenEndpointAuthMethod!: TokenEndpointAuthMethod;
  @Field(() => [KeyValue]) extraAuthorizationParams!: KeyValue[];
  @Field(() => [ProviderTemplateParameter]) parameters!: ProviderTemplateParameter[];
  @Field(() => [String]) notes!: string[];
  @Field(() => String, { nullable: true }) documentationUrl!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class OAuth2Discovery {
  @Field(() => String) issuer!: string;
  @Field(() => String) authorizationEndpoint!: string;
  @Field(() => String) tokenEndpoint!: string;
  @Field(() => String, { nullable: true }) revocationEndpoint!: string | null;
  @Field(() => [String]) scopesSupported!: string[];
}
