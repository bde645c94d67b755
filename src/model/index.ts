export {
  decodeRecordBatch,
  type BatchDecompressor,
  type BatchRecord,
  type BatchRecordHeader,
  type DecodedBatch,
} from './record-batch-reader.js';
export {
  MAX_PROPERTIES_BYTES,
  MAX_TOPIC_BYTES,
  MessageSysFlag,
  ROCKET_MESSAGE_MAGIC_V1,
  RocketMessageField,
  decodeRocketMessage,
  encodeRocketMessage,
  formatProperties,
  isPropertyText,
  javaStringHash,
  parseProperties,
  rocketMessageSize,
  type BodyCrc,
  type HostPort,
  type RocketMessageFields,
} from './rocket-message-layout.js';
