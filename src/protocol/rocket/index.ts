export { RocketFrontEnd, type RocketAddresses, type RocketFrontEndOptions } from './rocket-front-end.js';
export { ROCKET_PROCESSORS } from './processors/index.js';
export { RequestCode } from './request-codes.js';
export { ResponseCode } from './response-codes.js';
export { DEFAULT_DELAY_LEVELS, parseDelayLevels } from './delay-levels.js';
export { NamesrvFrontEnd, type NamesrvFrontEndOptions } from './namesrv-front-end.js';
export { parseNamesrvAddrs } from './remote-broker-registration.js';
