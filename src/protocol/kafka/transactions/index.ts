export { ProducerStates, type PartitionRef } from './producer-states.js';
export {
  PartitionProducerState,
  NO_PRODUCER_ID,
  type AbortedTxn,
  type ProducerBatchHeader,
  type SequenceCheck,
  type SequenceError,
} from './producer-state.js';
export {
  TransactionCoordinator,
  DEFAULT_MAX_TRANSACTION_TIMEOUT_MS,
  type InitProducerIdOutcome,
  type TransactionCoordinatorOptions,
  type TransactionView,
  type TxnError,
} from './transaction-coordinator.js';
export { TXN_STATES, type TxnPartition, type TxnState } from './transaction-state.js';
export { buildControlBatch, readControlType } from './control-batch.js';
