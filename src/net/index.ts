export { LengthPrefixedFramer, type FrameAllocator } from './length-prefixed-framer.js';
export { OrderedResponder } from './ordered-responder.js';
export { RequestFlowControl, type RequestFlowControlOptions } from './request-flow-control.js';
export { TcpListener, type ConnectionHandler, type TcpListenerOptions } from './tcp-listener.js';
