import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionAccess, Role } from './enums.js';

@ObjectType({ simpleResolvers: true })
export class Workspace {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) company!: string;
  @Field(() => String) environment!: string;
}

@ObjectType({ simpleResolvers: true })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, {
    nullable: true,
    description: "The key's first characters (e.g. gk_AbC123), to tell keys apart; null for keys older than this field.",
  })
  prefix!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'The key is refused after this; null = never expires.' })
  expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => ConnectionAccess) connectionAccess!: ConnectionAccess;
  @Field(() => [String], {
    nullable: true,
    description: 'The connections it may use with PROXY/TOKEN; null = all in its workspace.',
  })
  connectionCodes!: string[] | null;
}

@ObjectType({ simpleResolvers: true })
export class CreatedApiKey {
  @Field(() => String, { description: 'Shown exactly once; only a hash is stored.' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}

@ObjectType({ simpleResolvers: true })
export class ServerInfo {
  @Field(() => String, { description: 'PUBLIC_URL + /oauth/callback: register it at the provider.' })
  redirectUri!: string;
  @Field(() => String) version!: string;
}
