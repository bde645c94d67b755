export { BufferPool } from './buffer-pool.js';
export { LengthPrefixedFramer, type FrameAllocator } from './length-prefixed-framer.js';
export { OrderedResponder } from './ordered-responder.js';
export { TcpListener, type ConnectionHandler, type TcpListenerOptions } from './tcp-listener.js';
