#!/usr/bin/python3
"""Drives python3-kafka (kafka-python 2.0.2, Debian) for the compat suite.

Reads one JSON command on stdin and writes one JSON answer on stdout:
  {"ok": true, ...result} or {"ok": false, "error": str, "name": str|None, "code": int|None}.
Keys, values and header values travel as base64 (null stays null). Run with /usr/bin/python3.
"""
import base64
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic
from kafka.errors import KafkaError


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return None if text is None else base64.b64decode(text)


def error_result(e):
    return {
        "ok": False,
        "error": str(e),
        "name": type(e).__name__,
        "code": getattr(e, "errno", None),
    }


def produce(cmd):
    codec = cmd.get("codec", "none")
    producer = KafkaProducer(
        bootstrap_servers=cmd["bootstrap"],
        compression_type=None if codec == "none" else codec,
        acks="all" if cmd.get("acks", -1) == -1 else 1,
        linger_ms=5,
        retries=0,
        request_timeout_ms=cmd.get("timeoutMs", 60000),
        **cmd.get("config", {}),
    )
    try:
        futures = []
        for rec in cmd["records"]:
            headers = [(k, unb64(v)) for k, v in rec["headers"]]
            futures.append(
                producer.send(
                    cmd["topic"],
                    value=unb64(rec["value"]),
                    key=unb64(rec["key"]),
                    headers=headers,
                    partition=cmd["partition"],
                )
            )
        producer.flush(cmd.get("timeoutMs", 60000) / 1000)
        offsets = [f.get(timeout=30).offset for f in futures]
    finally:
        producer.close(10)
    return {"ok": True, "baseOffset": str(min(offsets)) if offsets else None}


def consume(cmd):
    consumer = KafkaConsumer(
        bootstrap_servers=cmd["bootstrap"],
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset=cmd.get("autoOffsetReset", "none"),
        fetch_max_wait_ms=500,
    )
    tp = TopicPartition(cmd["topic"], cmd["partition"])
    consumer.assign([tp])
    consumer.seek(tp, int(cmd["offset"]))
    out = []
    deadline = time.monotonic() + cmd.get("timeoutMs", 60000) / 1000
    try:
        while len(out) < cmd["count"] and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=500, max_records=cmd["count"] - len(out))
            for records in batch.values():
                for r in records:
                    out.append(
                        {
                            "partition": r.partition,
                            "offset": str(r.offset),
                            "key": b64(r.key),
                            "value": b64(r.value),
                            "headers": [[k, b64(v)] for k, v in (r.headers or [])],
                        }
                    )
    finally:
        consumer.close()
    return {"ok": True, "records": out}


def offsets_for_times(cmd):
    consumer = KafkaConsumer(bootstrap_servers=cmd["bootstrap"], group_id=None)
    try:
        tps = [TopicPartition(cmd["topic"], p) for p in cmd["partitions"]]
        found = consumer.offsets_for_times({tp: int(cmd["timestamp"]) for tp in tps})
        beginning = consumer.beginning_offsets(tps)
        end = consumer.end_offsets(tps)
    finally:
        consumer.close()
    return {
        "ok": True,
        "offsets": [
            {"partition": tp.partition, "offset": None if found[tp] is None else str(found[tp].offset)} for tp in tps
        ],
        "watermarks": [[str(beginning[tp]), str(end[tp])] for tp in tps],
    }


def topic_error_codes(response, attr="topic_errors"):
    """{topic: error_code} from a CreateTopics/DeleteTopics/CreatePartitions response."""
    out = {}
    for entry in getattr(response, attr):
        out[entry[0]] = entry[1]
    return out


def codes_or_error(names, call, attr="topic_errors"):
    """Per-topic error codes; kafka-python raises on the first topic error, which is exact for one topic."""
    try:
        return {"ok": True, "codes": topic_error_codes(call(), attr)}
    except KafkaError as e:
        if getattr(e, "errno", None) is None or len(names) != 1:
            raise
        return {"ok": True, "codes": {names[0]: e.errno}}


def admin(cmd):
    client = KafkaAdminClient(bootstrap_servers=cmd["bootstrap"], request_timeout_ms=30000)
    try:
        action = cmd["action"]
        if action == "create_topics":
            topics = [
                NewTopic(t["name"], t["partitions"], 1, topic_configs=t.get("config", {})) for t in cmd["topics"]
            ]
            names = [t["name"] for t in cmd["topics"]]
            return codes_or_error(names, lambda: client.create_topics(topics, timeout_ms=30000))
        if action == "delete_topics":
            return codes_or_error(
                cmd["topics"], lambda: client.delete_topics(cmd["topics"], timeout_ms=30000), "topic_error_codes"
            )
        if action == "create_partitions":
            parts = {t["name"]: NewPartitions(t["count"]) for t in cmd["topics"]}
            return codes_or_error(list(parts), lambda: client.create_partitions(parts, timeout_ms=30000))
        if action == "list_topics":
            return {"ok": True, "topics": sorted(client.list_topics())}
        if action == "describe_topics":
            return {
                "ok": True,
                "topics": {
                    t["topic"]: {"error": t["error_code"], "partitions": len(t["partitions"])}
                    for t in client.describe_topics(cmd["topics"])
                },
            }
        if action == "describe_configs":
            responses = client.describe_configs([ConfigResource(ConfigResourceType.TOPIC, cmd["topic"])])
            configs = {}
            codes = []
            for response in responses:
                for resource in response.resources:
                    codes.append(resource[0])
                    for entry in resource[4]:
                        configs[entry[0]] = entry[1]
            return {"ok": True, "codes": codes, "configs": configs}
        if action == "alter_configs":
            response = client.alter_configs([ConfigResource(ConfigResourceType.TOPIC, cmd["topic"], configs=cmd["set"])])
            return {"ok": True, "codes": [r[0] for r in response.resources]}
        raise ValueError(f"unknown admin action {action}")
    finally:
        client.close()


def main():
    cmd = json.load(sys.stdin)
    ops = {"produce": produce, "consume": consume, "offsets_for_times": offsets_for_times, "admin": admin}
    try:
        result = ops[cmd["op"]](cmd)
    except KafkaError as e:
        result = error_result(e)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
