import { javaStringHash } from '../../model/index.js';
import type { SubscriptionData } from './client-instance.js';

/** TAG: `*` (or empty) = every message, else tags joined by `||`. SQL92: a property filter the broker evaluates. */
export type ExpressionType = 'TAG' | 'SQL92';

export interface Subscription {
  topic: string;
  expression: string;
  expressionType: ExpressionType;
  /** null = every tag (and every SQL92 subscription: the broker filters those). */
  tags: ReadonlySet<string> | null;
  data: SubscriptionData;
}

export function parseSubscription(
  topic: string,
  expression: string,
  subVersion = Date.now(),
  expressionType: ExpressionType = 'TAG',
): Subscription {
  if (expressionType === 'SQL92') {
    return {
      topic,
      expression,
      expressionType,
      tags: null,
      data: {
        topic,
        subString: expression,
        tagsSet: [],
        codeSet: [],
        subVersion,
        classFilterMode: false,
        expressionType,
      },
    };
  }
  const expr = expression.trim();
  const all = expr === '' || expr === '*';
  const tags = all
    ? []
    : [
        ...new Set(
          expr
            .split('||')
            .map((t) => t.trim())
            .filter((t) => t !== ''),
        ),
      ];
  return {
    topic,
    expression: all ? '*' : expr,
    expressionType,
    tags: all ? null : new Set(tags),
    data: {
      topic,
      subString: all ? '*' : expr,
      tagsSet: tags,
      codeSet: tags.map(javaStringHash),
      subVersion,
      classFilterMode: false,
      expressionType: 'TAG',
    },
  };
}

/** The client-side re-check after the broker's hash filter (hashes can collide). */
export function tagMatches(sub: Subscription, tags: string | undefined): boolean {
  return sub.tags === null || (tags !== undefined && sub.tags.has(tags));
}
