import { BrokerError } from '../../../errors.js';

/** The one error every codec in this folder throws for bad compressed input or output over a cap. */
export function compressionError(message: string, cause?: unknown): BrokerError {
  return new BrokerError('BRK_ERR_COMPRESSION', message, cause === undefined ? undefined : { cause });
}
