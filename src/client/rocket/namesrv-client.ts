import { RocketClientError } from './client-error.js';
import { RequestCode, ResponseCode } from './codes.js';
import type { ConnectionPool } from './connection-pool.js';
import { responseError } from './remoting-connection.js';
import { parseTopicRoute, type TopicRoute } from './topic-route.js';

/**
 * Route look-ups against NameServers given as `host:port;host:port`. It keeps using the server that
 * answered last and moves to the next one when a server cannot be reached.
 */
export class NameServerClient {
  readonly addresses: readonly string[];
  private current = 0;

  constructor(
    nameServers: string,
    private readonly pool: ConnectionPool,
    private readonly timeoutMs = 3000,
  ) {
    this.addresses = nameServers
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (this.addresses.length === 0)
      throw new RocketClientError(
        'RMQ_CLIENT_STATE',
        `no NameServer address in ${JSON.stringify(nameServers)}`,
      );
    this.current = Math.floor(Math.random() * this.addresses.length);
  }

  /** The topic's route, or null when the NameServer does not know the topic (TOPIC_NOT_EXIST). */
  async getRouteInfo(topic: string): Promise<TopicRoute | null> {
    let lastError: unknown;
    for (let tried = 0; tried < this.addresses.length; tried++) {
      const address = this.addresses[this.current] as string;
      try {
        const res = await this.pool.invoke(
          address,
          { code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic, acceptStandardJsonOnly: 'true' } },
          this.timeoutMs,
        );
        if (res.code === ResponseCode.TOPIC_NOT_EXIST) return null;
        if (res.code !== ResponseCode.SUCCESS)
          throw responseError(RequestCode.GET_ROUTEINFO_BY_TOPIC, address, res);
        if (res.body === null)
          throw new RocketClientError('RMQ_CLIENT_DECODE', `route of ${topic} has no body`);
        return parseTopicRoute(res.body);
      } catch (err) {
        if (
          !(err instanceof RocketClientError) ||
          (err.code !== 'RMQ_CLIENT_CONNECTION' && err.code !== 'RMQ_CLIENT_TIMEOUT')
        )
          throw err;
        lastError = err;
        this.current = (this.current + 1) % this.addresses.length;
      }
    }
    throw new RocketClientError(
      'RMQ_CLIENT_CONNECTION',
      `no NameServer of ${this.addresses.join(';')} answered`,
      {
        cause: lastError,
      },
    );
  }
}
