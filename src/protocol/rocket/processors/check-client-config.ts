import { ProtocolDecodeError } from '../../../errors.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { compileExpression, isTagType } from '../sql92/index.js';

/** CheckClientRequestBody: who asks, and the subscription to validate. */
export interface CheckClientBody {
  clientId: string | undefined;
  group: string | undefined;
  subscription: { topic: string | undefined; subString: string; expressionType: string | undefined } | null;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function decodeCheckClientBody(body: Buffer | null): CheckClientBody {
  if (body === null) throw new ProtocolDecodeError('checkClientRequestBody', 0, 'missing body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProtocolDecodeError('checkClientRequestBody', 0, `invalid JSON: ${(err as Error).message}`);
  }
  const root = record(parsed);
  if (root === undefined) throw new ProtocolDecodeError('checkClientRequestBody', 0, 'not an object');
  const sd = record(root['subscriptionData']);
  return {
    clientId: text(root['clientId']),
    group: text(root['group']),
    subscription:
      sd === undefined
        ? null
        : {
            topic: text(sd['topic']),
            subString: text(sd['subString']) ?? '',
            expressionType: text(sd['expressionType']),
          },
  };
}

/**
 * CHECK_CLIENT_CONFIG (46), which Java consumers send before using a non-TAG subscription
 * (ClientManageProcessor.checkClientConfig): TAG is always fine; SQL92 needs `enablePropertyFilter`
 * (else SYSTEM_ERROR) and must parse (else SUBSCRIPTION_PARSE_FAILED with the reason); any other type
 * has no filter (SUBSCRIPTION_PARSE_FAILED).
 */
function checkClientConfig(ctx: RocketRequestContext): RocketReply {
  const b = decodeCheckClientBody(ctx.cmd.body);
  const sd = b.subscription;
  if (sd === null || isTagType(sd.expressionType)) return { code: ResponseCode.SUCCESS };
  if (ctx.services.enablePropertyFilter === false)
    return {
      code: ResponseCode.SYSTEM_ERROR,
      remark: `The broker does not support consumer to filter message by ${sd.expressionType ?? ''}`,
    };
  const compiled = compileExpression(sd.expressionType, sd.subString);
  if (compiled !== null && compiled.status === 'invalid') {
    ctx.log.debug(
      { group: b.group, clientId: b.clientId, reason: compiled.message },
      'client filter refused',
    );
    return { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: compiled.message };
  }
  return { code: ResponseCode.SUCCESS };
}

export const checkClientConfigProcessor = defineRocketProcessor({
  code: RequestCode.CHECK_CLIENT_CONFIG,
  name: 'CHECK_CLIENT_CONFIG',
  roles: ['broker'],
  process: checkClientConfig,
});
