export { LengthPrefixedFramer } from './length-prefixed-framer.js';
export { OrderedResponder } from './ordered-responder.js';
export { TcpListener } from './tcp-listener.js';
