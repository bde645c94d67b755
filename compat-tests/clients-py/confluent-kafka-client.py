#!/usr/bin/python3
"""Drives python3-confluent-kafka (Debian, librdkafka 2.0.2) for the compat suite.

Reads one JSON command on stdin and writes one JSON answer on stdout:
  {"ok": true, ...result} or {"ok": false, "error": str, "code": int|None, "name": str|None}.
Keys, values and header values travel as base64 (null stays null). Run with /usr/bin/python3.
"""
import base64
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return None if text is None else base64.b64decode(text)


def kafka_error(err):
    """A KafkaError as {code, name, error}."""
    return {"code": err.code(), "name": err.name(), "error": err.str()}


def produce(cmd):
    conf = {
        "bootstrap.servers": cmd["bootstrap"],
        "compression.type": cmd.get("codec", "none"),
        "acks": str(cmd.get("acks", -1)),
        "linger.ms": 5,
        "message.timeout.ms": cmd.get("timeoutMs", 60000),
    }
    conf.update(cmd.get("config", {}))
    producer = Producer(conf)
    failures = []
    offsets = []

    def on_delivery(err, msg):
        if err is not None:
            failures.append(kafka_error(err))
        else:
            offsets.append(msg.offset())

    for rec in cmd["records"]:
        headers = [(k, unb64(v)) for k, v in rec["headers"]]
        while True:
            try:
                producer.produce(
                    cmd["topic"],
                    value=unb64(rec["value"]),
                    key=unb64(rec["key"]),
                    partition=cmd["partition"],
                    headers=headers or None,
                    on_delivery=on_delivery,
                )
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(cmd.get("timeoutMs", 60000) / 1000)
    if remaining:
        return {"ok": False, "error": f"{remaining} messages not delivered", "code": None, "name": None}
    if failures:
        first = failures[0]
        return {"ok": False, "failures": len(failures), **first}
    return {"ok": True, "baseOffset": str(min(offsets)) if offsets else None}


def consume(cmd):
    conf = {
        "bootstrap.servers": cmd["bootstrap"],
        # librdkafka needs a group.id for its Consumer; with assign() and no commits no group is joined.
        "group.id": "compat-unused-group",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "enable.partition.eof": False,
        "auto.offset.reset": cmd.get("autoOffsetReset", "error"),
    }
    conf.update(cmd.get("config", {}))
    consumer = Consumer(conf)
    consumer.assign([TopicPartition(cmd["topic"], cmd["partition"], int(cmd["offset"]))])
    out = []
    deadline = time.monotonic() + cmd.get("timeoutMs", 60000) / 1000
    try:
        while len(out) < cmd["count"] and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error() is not None:
                return {"ok": False, "records": out, **kafka_error(msg.error())}
            out.append(
                {
                    "partition": msg.partition(),
                    "offset": str(msg.offset()),
                    "key": b64(msg.key()),
                    "value": b64(msg.value()),
                    "headers": [[k, b64(v)] for k, v in (msg.headers() or [])],
                }
            )
    finally:
        consumer.close()
    return {"ok": True, "records": out}


def offsets_for_times(cmd):
    consumer = Consumer({"bootstrap.servers": cmd["bootstrap"], "group.id": "compat-unused-group"})
    try:
        tps = [TopicPartition(cmd["topic"], p, int(cmd["timestamp"])) for p in cmd["partitions"]]
        found = consumer.offsets_for_times(tps, timeout=30)
        low_high = [consumer.get_watermark_offsets(TopicPartition(cmd["topic"], p), timeout=30) for p in cmd["partitions"]]
    finally:
        consumer.close()
    return {
        "ok": True,
        "offsets": [{"partition": tp.partition, "offset": str(tp.offset), "error": tp.error and tp.error.code()} for tp in found],
        "watermarks": [[str(lo), str(hi)] for lo, hi in low_high],
    }


def admin_result(futures):
    """Waits for a dict of futures; returns {name: null | {code, name, error}}."""
    out = {}
    for key, future in futures.items():
        name = key if isinstance(key, str) else getattr(key, "name", str(key))
        try:
            future.result(timeout=30)
            out[name] = None
        except KafkaException as e:
            out[name] = kafka_error(e.args[0])
    return out


def admin(cmd):
    client = AdminClient({"bootstrap.servers": cmd["bootstrap"]})
    action = cmd["action"]
    if action == "create_topics":
        topics = [NewTopic(t["name"], t["partitions"], 1, config=t.get("config", {})) for t in cmd["topics"]]
        return {"ok": True, "results": admin_result(client.create_topics(topics, operation_timeout=30))}
    if action == "delete_topics":
        return {"ok": True, "results": admin_result(client.delete_topics(cmd["topics"], operation_timeout=30))}
    if action == "create_partitions":
        parts = [NewPartitions(t["name"], t["count"]) for t in cmd["topics"]]
        return {"ok": True, "results": admin_result(client.create_partitions(parts, operation_timeout=30))}
    if action == "list_topics":
        md = client.list_topics(timeout=30)
        return {
            "ok": True,
            "brokers": [{"id": b.id, "host": b.host, "port": b.port} for b in md.brokers.values()],
            "topics": {name: {"partitions": len(t.partitions), "error": t.error and t.error.code()} for name, t in md.topics.items()},
        }
    if action == "describe_configs":
        res = ConfigResource("topic", cmd["topic"])
        future = client.describe_configs([res])[res]
        try:
            entries = future.result(timeout=30)
        except KafkaException as e:
            return {"ok": False, **kafka_error(e.args[0])}
        return {"ok": True, "configs": {k: v.value for k, v in entries.items()}}
    if action == "alter_configs":
        res = ConfigResource("topic", cmd["topic"], set_config=cmd["set"])
        return {"ok": True, "results": admin_result({cmd["topic"]: client.alter_configs([res])[res]})}
    raise ValueError(f"unknown admin action {action}")


def main():
    cmd = json.load(sys.stdin)
    ops = {"produce": produce, "consume": consume, "offsets_for_times": offsets_for_times, "admin": admin}
    try:
        result = ops[cmd["op"]](cmd)
    except KafkaException as e:
        err = e.args[0]
        result = {"ok": False, **kafka_error(err)} if isinstance(err, KafkaError) else {"ok": False, "error": str(e), "code": None, "name": None}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
