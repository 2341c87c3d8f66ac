import { Field, ID, ObjectType } from 'type-graphql';
import { AuditEventType } from './enums.js';

@ObjectType({ simpleResolvers: true })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field(() => String) connectionCode!: string;
  @Field(() => AuditEventType) type!: AuditEventType;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => Date) at!: Date;
  @Field(() => String, { description: 'Never contains a token or secret.' }) message!: string;
}
