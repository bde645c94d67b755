import net from 'node:net';
/** Accepts TCP connections, gives each an id and a child logger, and closes them all on stop. */
export class TcpListener {
    options;
    server;
    sockets = new Set();
    nextId = 1;
    constructor(options) {
        this.options = options;
    }
    async start() {
        const { host, port, logger, protocol } = this.options;
        const server = net.createServer({ noDelay: true }, (socket) => this.onConnection(socket));
        server.maxConnections = this.options.maxConnections;
        this.server = server;
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen({ host, port, backlog: 1024 }, () => {
                server.off('error', reject);
                resolve();
            });
        });
        server.on('error', (err) => logger.error({ err, protocol }, 'listener error'));
        const address = server.address();
        return { host: address.address, port: address.port };
    }
    onConnection(socket) {
        const id = this.nextId++;
        const log = this.options.logger.child({
            conn: id,
            remote: `${socket.remoteAddress}:${socket.remotePort}`,
            protocol: this.options.protocol,
        });
        this.sockets.add(socket);
        socket.setNoDelay(true);
        let handler;
        try {
            handler = this.options.accept(socket, id, log);
        }
        catch (err) {
            log.error({ err }, 'connection setup failed');
            socket.destroy();
            this.sockets.delete(socket);
            return;
        }
        socket.on('data', (chunk) => {
            try {
                handler.onData(chunk);
            }
            catch (err) {
                log.warn({ err }, 'closing connection after bad input');
                socket.destroy();
            }
        });
        socket.on('error', (err) => log.debug({ err }, 'socket error'));
        socket.on('close', () => {
            this.sockets.delete(socket);
            handler.onClose();
        });
    }
    async stop() {
        const server = this.server;
        if (!server)
            return;
        this.server = undefined;
        const closed = new Promise((resolve) => server.close(() => resolve()));
        for (const s of this.sockets)
            s.destroy();
        await closed;
    }
}
