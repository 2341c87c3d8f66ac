import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from './enums.js';

@ObjectType({ simpleResolvers: true })
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Boolean) disabled!: boolean;
  @Field(() => Date, { nullable: true }) lastSignInAt!: Date | null;
  @Field(() => [String], {
    nullable: true,
    description: 'The workspaces this user may act in; null = all.',
  })
  workspaceSlugs!: string[] | null;
  @Field(() => Boolean, {
    description: 'Signed in with a one-time password: only changePassword (and me, logout) work until it is changed.',
  })
  mustChangePassword!: boolean;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => [String], {
    nullable: true,
    description: 'Limit the user to these workspaces (null = all).',
  })
  workspaceSlugs?: string[] | null;
}

@ObjectType({ simpleResolvers: true })
export class CreatedUser {
  @Field(() => User) user!: User;
  @Field(() => String, {
    description: 'Shown exactly once; the user must change it at first sign-in.',
  })
  oneTimePassword!: string;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => Role, { nullable: true }) role?: Role | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Disabling ends the user's sessions at once.",
  })
  disabled?: boolean | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Limit the user to these workspaces (null = all).',
  })
  workspaceSlugs?: string[] | null;
}
