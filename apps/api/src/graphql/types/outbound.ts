import { Field, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class AccessToken {
  @Field(() => String, { description: 'The secret; only ever returned by `accessToken`.' }) accessToken!: string;
  @Field(() => String, { description: 'E.g. Bearer' }) tokenType!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => [String]) scopes!: string[];
}

@ObjectType()
export class HttpHeader {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@InputType({ description: 'A request header of sendTestRequest.' })
export class HttpHeaderInput {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@ObjectType()
export class TestRequestResult {
  @Field(() => Int, { description: "The upstream's HTTP status." }) status!: number;
  @Field(() => [HttpHeader], { description: "The upstream's response headers (no set-cookie)." }) headers!: HttpHeader[];
  @Field(() => String, { description: 'The first 64 KiB, as text.' }) body!: string;
  @Field(() => Boolean) truncated!: boolean;
  @Field(() => Int) durationMs!: number;
}
