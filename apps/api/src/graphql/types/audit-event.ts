import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AuditEventType } from './enums.js';

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
}

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'Whether the action did what it set out to do.',
  valuesConfig: {
    FAILURE: { description: 'e.g. a failed refresh, a denied consent, a token test that found no valid token' },
  },
});

@ObjectType({ simpleResolvers: true })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field(() => String) connectionCode!: string;
  @Field(() => AuditEventType) type!: AuditEventType;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => Date, { description: 'When it happened; of folded repeats, the first.' }) at!: Date;
  @Field(() => String, { description: 'Never contains a token or secret.' }) message!: string;
  @Field(() => AuditOutcome) outcome!: AuditOutcome;
  @Field(() => Int, { description: 'How many identical events this row stands for (repeated refresh failures are folded); 1 otherwise.' })
  count!: number;
  @Field(() => Date, { description: 'The last of the folded events; equals `at` when count is 1.' }) lastAt!: Date;
}

@InputType({ description: 'Every given condition must hold.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true }) connectionCode?: string | null;
  @Field(() => [AuditEventType], { nullable: true, description: 'Any of these types; null or empty = all.' })
  types?: AuditEventType[] | null;
  @Field(() => AuditOutcome, { nullable: true }) outcome?: AuditOutcome | null;
  @Field(() => String, { nullable: true, description: "Part of the actor's name (user or API key), any case." })
  actor?: string | null;
  @Field(() => Boolean, { nullable: true, description: "true: only the automatic refresher's events; false: only people's and API keys'." })
  byRefresher?: boolean | null;
  @Field(() => Date, { nullable: true, description: 'Events at or after this time (a folded row when its last repeat is).' })
  since?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Events before this time.' }) until?: Date | null;
}

@ObjectType()
export class AuditEventPage {
  @Field(() => [AuditEvent], { description: 'Newest first.' }) events!: AuditEvent[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null when there is none.' })
  endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}
