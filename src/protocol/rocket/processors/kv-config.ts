import type { KvConfigStore } from '../../../coordinator/index.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor, type RocketReply } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';

/** The NameServer's KV config store, or the reply when this server keeps none. */
function kvStore(services: RocketServices): KvConfigStore | RocketReply {
  return (
    services.kvConfig ?? {
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'this NameServer keeps no KV config',
    }
  );
}

const isReply = (x: KvConfigStore | RocketReply): x is RocketReply => 'code' in x;

/** PUT_KV_CONFIG (100): namespace, key, value (all required); written to kvConfig.json before the reply. */
export const putKvConfigProcessor = defineRocketProcessor({
  code: RequestCode.PUT_KV_CONFIG,
  name: 'PUT_KV_CONFIG',
  roles: ['namesrv'],
  async process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const namespace = h.string('namespace');
    const key = h.string('key');
    const value = h.string('value');
    const kv = kvStore(services);
    if (isReply(kv)) return kv;
    const result = await kv.put(namespace, key, value);
    if (result.status === 'table-full') {
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark: `the KV config would exceed ${result.maxBytes} bytes`,
      };
    }
    return { code: ResponseCode.SUCCESS };
  },
});

/** GET_KV_CONFIG (101): extField `value`, or QUERY_NOT_FOUND. */
export const getKvConfigProcessor = defineRocketProcessor({
  code: RequestCode.GET_KV_CONFIG,
  name: 'GET_KV_CONFIG',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const namespace = h.string('namespace');
    const key = h.string('key');
    const kv = kvStore(services);
    if (isReply(kv)) return kv;
    const value = kv.get(namespace, key);
    if (value === undefined) {
      return {
        code: ResponseCode.QUERY_NOT_FOUND,
        remark: `No config item, Namespace: ${namespace} Key: ${key}`,
      };
    }
    return { code: ResponseCode.SUCCESS, extFields: { value } };
  },
});

/** DELETE_KV_CONFIG (102): SUCCESS whether or not the key existed. */
export const deleteKvConfigProcessor = defineRocketProcessor({
  code: RequestCode.DELETE_KV_CONFIG,
  name: 'DELETE_KV_CONFIG',
  roles: ['namesrv'],
  async process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const namespace = h.string('namespace');
    const key = h.string('key');
    const kv = kvStore(services);
    if (isReply(kv)) return kv;
    await kv.delete(namespace, key);
    return { code: ResponseCode.SUCCESS };
  },
});

/** GET_KVLIST_BY_NAMESPACE (219): body KVTable `{"table":{...}}`, or QUERY_NOT_FOUND for an unknown namespace. */
export const getKvListByNamespaceProcessor = defineRocketProcessor({
  code: RequestCode.GET_KVLIST_BY_NAMESPACE,
  name: 'GET_KVLIST_BY_NAMESPACE',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const namespace = new ExtFields(cmd.extFields).string('namespace');
    const kv = kvStore(services);
    if (isReply(kv)) return kv;
    const table = kv.list(namespace);
    if (table === undefined) {
      return { code: ResponseCode.QUERY_NOT_FOUND, remark: `No config item, Namespace: ${namespace}` };
    }
    return {
      code: ResponseCode.SUCCESS,
      body: Buffer.from(JSON.stringify({ table: Object.fromEntries(table) }), 'utf8'),
    };
  },
});
