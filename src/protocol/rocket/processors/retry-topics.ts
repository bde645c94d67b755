/** `%RETRY%<group>` topics: routed (so clustering consumers can subscribe) but not stored yet. */
export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';

export const isRetryTopic = (topic: string): boolean => topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
export const retryTopicOf = (group: string): string => `${RETRY_GROUP_TOPIC_PREFIX}${group}`;
