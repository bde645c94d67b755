import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapTopicError } from '../map-store-error.js';
import {
  DeleteTopicsApi,
  decodeDeleteTopicsRequest,
  encodeDeleteTopicsResponse,
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
} from '../messages/delete-topics.js';
import { findTopicById } from '../topic-access.js';

const NO_UUID = Buffer.alloc(16);

async function handleDeleteTopics(
  ctx: RequestContext,
  request: DeleteTopicsRequest,
): Promise<DeleteTopicsResponse> {
  const { store } = ctx.services;
  const response: DeleteTopicsResponse = { throttleTimeMs: 0, responses: [] };
  // v0-5 name topics in TopicNames; v6 in Topics, by name or by id.
  const wanted =
    ctx.apiVersion >= 6
      ? request.topics.map((t) => ({ name: t.name, topicId: t.topicId }))
      : request.topicNames.map((name) => ({ name: name as string | null, topicId: NO_UUID }));
  for (const w of wanted) {
    const byId = w.name === null || w.name === '';
    const topic = byId ? findTopicById(store, w.topicId) : store.getTopic(w.name as string);
    if (!topic) {
      response.responses.push({
        name: w.name,
        topicId: w.topicId,
        errorCode: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: 'unknown topic',
      });
      continue;
    }
    const result = await store.deleteTopic(topic.name);
    const mapped = result.status === 'ok' ? null : mapTopicError(result);
    response.responses.push({
      name: topic.name,
      topicId: topic.id,
      errorCode: mapped ? mapped.code : ErrorCode.NONE,
      errorMessage: mapped ? mapped.message : null,
    });
  }
  return response;
}

export const deleteTopicsHandler = defineKafkaHandler({
  api: DeleteTopicsApi,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 6,
  decode: decodeDeleteTopicsRequest,
  encode: encodeDeleteTopicsResponse,
  handle: handleDeleteTopics,
});
