import { encodeSubscriptionGroupWrapper } from '../codec/admin-bodies.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { parseSubscriptionGroupConfig, type GroupWriteOutcome } from '../subscription-groups.js';
import { adminOf } from './topic-admin.js';

/** Bound on a SubscriptionGroupConfig body (a few hundred bytes in practice). */
const MAX_GROUP_BODY_BYTES = 64 * 1024;

function writeFailed(outcome: Exclude<GroupWriteOutcome, { status: 'ok' }>): RocketReply {
  switch (outcome.status) {
    case 'too-many-groups':
      return { code: ResponseCode.SYSTEM_ERROR, remark: `too many subscription groups (max ${outcome.max})` };
    case 'storage-error':
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark: `could not store the subscription groups: ${outcome.message}`,
      };
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

async function updateGroup({ cmd, services, log }: RocketRequestContext): Promise<RocketReply> {
  const admin = adminOf(services);
  if ('code' in admin) return admin;
  const body = cmd.body;
  if (body === null || body.length === 0)
    return { code: ResponseCode.SYSTEM_ERROR, remark: 'the SubscriptionGroupConfig body is missing' };
  if (body.length > MAX_GROUP_BODY_BYTES)
    return { code: ResponseCode.SYSTEM_ERROR, remark: `the body is over ${MAX_GROUP_BODY_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { code: ResponseCode.SYSTEM_ERROR, remark: `the body is not JSON: ${(err as Error).message}` };
  }
  const parsed = parseSubscriptionGroupConfig(json);
  if (!parsed.ok) return { code: ResponseCode.SYSTEM_ERROR, remark: parsed.message };
  const outcome = await admin.subscriptionGroups.update(parsed.config);
  if (outcome.status !== 'ok') return writeFailed(outcome);
  log.info({ group: parsed.config.groupName }, 'subscription group updated');
  return { code: ResponseCode.SUCCESS };
}

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200): body SubscriptionGroupConfig; stored before the reply. */
export const updateAndCreateSubscriptionGroupProcessor = defineRocketProcessor({
  code: RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  name: 'UPDATE_AND_CREATE_SUBSCRIPTIONGROUP',
  roles: ['broker'],
  process: updateGroup,
});

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): SubscriptionGroupWrapper (`subscriptionGroupTable` + `dataVersion`). */
export const getAllSubscriptionGroupConfigProcessor = defineRocketProcessor({
  code: RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  name: 'GET_ALL_SUBSCRIPTIONGROUP_CONFIG',
  roles: ['broker'],
  process({ services }) {
    const admin = adminOf(services);
    if ('code' in admin) return admin;
    const groups = admin.subscriptionGroups;
    return {
      code: ResponseCode.SUCCESS,
      body: encodeSubscriptionGroupWrapper(groups.all(), groups.dataVersion),
    };
  },
});

async function deleteGroup({ cmd, services, log }: RocketRequestContext): Promise<RocketReply> {
  const admin = adminOf(services);
  if ('code' in admin) return admin;
  const h = new ExtFields(cmd.extFields);
  const group = h.string('groupName');
  // 4.9 names the flag removeOffset, 5.x cleanOffset.
  const cleanOffset = h.bool('cleanOffset') || h.bool('removeOffset');
  const outcome = await admin.subscriptionGroups.delete(group);
  if (outcome.status !== 'ok') return writeFailed(outcome);
  if (cleanOffset) {
    const removed = services.store.consumerOffsets.deleteGroup(group);
    if (removed.status !== 'ok')
      return { code: ResponseCode.SYSTEM_ERROR, remark: `could not remove the offsets: ${removed.message}` };
  }
  log.info({ group, found: outcome.found === true, cleanOffset }, 'subscription group deleted');
  return { code: ResponseCode.SUCCESS };
}

/** DELETE_SUBSCRIPTIONGROUP (207): ext groupName, cleanOffset / removeOffset (also drop its offsets). */
export const deleteSubscriptionGroupProcessor = defineRocketProcessor({
  code: RequestCode.DELETE_SUBSCRIPTIONGROUP,
  name: 'DELETE_SUBSCRIPTIONGROUP',
  roles: ['broker'],
  process: deleteGroup,
});
