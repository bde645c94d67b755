/**
 * A generic raw RocketMQ remoting client for compat tests: connect, then
 * request(code, extFields, body) -> { code, remark, extFields, body } (null if the connection closed or
 * nothing came in time). The implementation lives in remoting-socket.ts.
 */
import { RemotingConnection } from './remoting-socket.js';

export { RemotingConnection, jsonFrame, type RemotingReply } from './remoting-socket.js';

/** Opens a connection to a broker or NameServer port. */
export function connectRemoting(host: string, port: number): Promise<RemotingConnection> {
  return RemotingConnection.open(host, port);
}
