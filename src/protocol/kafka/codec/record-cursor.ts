// The cursor is protocol-neutral (RocketMQ pulls read Kafka batches too), so it lives in src/model.
export { RecordCursor } from '../../../model/record-cursor.js';
