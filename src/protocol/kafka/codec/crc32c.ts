// CRC-32C is shared with the store (entry headers, batch checks on read), so it lives in src/model.
export { crc32c } from '../../../model/crc32c.js';
