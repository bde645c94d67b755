/** `%RETRY%<group>` and `%DLQ%<group>` topics (REFERENCE §4.4). */
export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';
/** A group's retryMaxTimes when the request does not say. */
export const DEFAULT_MAX_RECONSUME_TIMES = 16;
/** Retries without an explicit delay level wait level 3 + reconsumeTimes (10 s, 30 s, 1 m, ...). */
export const RETRY_BASE_DELAY_LEVEL = 3;

export const isRetryTopic = (topic: string): boolean => topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
export const retryTopicOf = (group: string): string => `${RETRY_GROUP_TOPIC_PREFIX}${group}`;
export const dlqTopicOf = (group: string): string => `${DLQ_GROUP_TOPIC_PREFIX}${group}`;
