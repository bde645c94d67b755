export { RocketFrontEnd, type RocketAddresses, type RocketFrontEndOptions } from './rocket-front-end.js';
export { ROCKET_PROCESSORS } from './processors/index.js';
export { RequestCode } from './request-codes.js';
export { ResponseCode } from './response-codes.js';
