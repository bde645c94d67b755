import { ExtFields } from '../headers/ext-fields.js';
import { decodeRegisterBrokerBody } from '../codec/register-broker-body.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** REGISTER_BROKER (103): a broker announces itself and its topics to the NameServer. */
export const registerBrokerProcessor = defineRocketProcessor({
  code: RequestCode.REGISTER_BROKER,
  name: 'REGISTER_BROKER',
  roles: ['namesrv'],
  process({ cmd, services, connection }) {
    const h = new ExtFields(cmd.extFields);
    const body = decodeRegisterBrokerBody(cmd.body, h.bool('compressed'));
    const result = services.routes.register({
      clusterName: h.string('clusterName'),
      brokerName: h.string('brokerName'),
      brokerAddr: h.string('brokerAddr'),
      brokerId: h.long('brokerId'),
      haServerAddr: h.optString('haServerAddr') ?? '',
      topics: body.topics,
      dataVersion: body.dataVersion,
      channel: connection.id,
    });
    const extFields: Record<string, string> = {};
    if (result.masterAddr !== null) extFields['masterAddr'] = result.masterAddr;
    if (result.haServerAddr !== null) extFields['haServerAddr'] = result.haServerAddr;
    return { code: ResponseCode.SUCCESS, extFields };
  },
});

/** UNREGISTER_BROKER (104). */
export const unregisterBrokerProcessor = defineRocketProcessor({
  code: RequestCode.UNREGISTER_BROKER,
  name: 'UNREGISTER_BROKER',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    services.routes.unregister(
      h.string('clusterName'),
      h.string('brokerName'),
      h.string('brokerAddr'),
      h.long('brokerId'),
    );
    return { code: ResponseCode.SUCCESS };
  },
});

/** QUERY_DATA_VERSION (322): has the broker's topic table changed since it last registered? */
export const queryDataVersionProcessor = defineRocketProcessor({
  code: RequestCode.QUERY_DATA_VERSION,
  name: 'QUERY_DATA_VERSION',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const addr = h.string('brokerAddr');
    h.string('brokerName');
    h.string('clusterName');
    const version = decodeRegisterBrokerBody(
      cmd.body === null
        ? null
        : Buffer.from(`{"topicConfigSerializeWrapper":{"dataVersion":${cmd.body.toString('utf8')}}}`),
      false,
    ).dataVersion;
    const changed = services.routes.isDataChanged(addr, version);
    if (!changed) services.routes.touch(addr);
    return {
      code: ResponseCode.SUCCESS,
      extFields: { changed: String(changed) },
      body: Buffer.from(JSON.stringify(services.routes.dataVersion)),
    };
  },
});
