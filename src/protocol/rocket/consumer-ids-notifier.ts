import type { Logger } from '../../logger.js';
import type { ConnectionTable } from './remoting-connection.js';
import { RequestCode } from './request-codes.js';

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (40) as a oneway request, extField `consumerGroup`, to each given
 * connection of a group whose members changed, so that its clients rebalance at once rather than on
 * their rebalance timer (RocketMQ Broker2Client.notifyConsumerIdsChanged, sent in real time).
 * Returns the number of connections written to.
 */
export function notifyConsumerIdsChanged(
  connections: ConnectionTable,
  group: string,
  connectionIds: readonly string[],
  log: Logger,
): number {
  let sent = 0;
  for (const id of connectionIds) {
    const c = connections.get(id);
    if (c === undefined) continue;
    if (
      c.sendRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, { consumerGroup: group }, null, { oneway: true })
    )
      sent++;
  }
  if (log.isLevelEnabled('debug')) log.debug({ group, sent }, 'notified consumer ids changed');
  return sent;
}
