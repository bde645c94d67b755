#!/usr/bin/python3
"""Transactions and idempotence with python3-confluent-kafka (Debian, librdkafka 2.0.2).

Reads one JSON command on stdin, writes one JSON answer on stdout:
  {"ok": true, ...} or {"ok": false, "error": str, "code": int|None, "name": str|None}.
Values travel as UTF-8 strings. Run with /usr/bin/python3.

Commands (field "op"):
  transactions  run transactions in order: [{"values": [...], "commit": bool}] with one transactional.id
  consume       read a partition from the beginning with an isolation level until idle; returns values
  fence         two producers with one transactional.id: the second fences the first mid-transaction
  idempotent    an idempotent (enable.idempotence) producer sends values; returns their offsets
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition


def kafka_error(err):
    return {"code": err.code(), "name": err.name(), "error": err.str()}


def txn_producer(cmd, txn_id):
    return Producer({
        "bootstrap.servers": cmd["bootstrap"],
        "transactional.id": txn_id,
        "transaction.timeout.ms": cmd.get("transactionTimeoutMs", 60000),
        "linger.ms": 5,
    })


def send(producer, topic, partition, values, failures):
    def on_delivery(err, msg):
        if err is not None:
            failures.append(kafka_error(err))

    for v in values:
        producer.produce(topic, value=v.encode("utf-8"), partition=partition, on_delivery=on_delivery)
    producer.flush(30)


def transactions(cmd):
    producer = txn_producer(cmd, cmd["transactionalId"])
    producer.init_transactions(30)
    failures = []
    for txn in cmd["transactions"]:
        producer.begin_transaction()
        send(producer, cmd["topic"], cmd.get("partition", 0), txn["values"], failures)
        if txn["commit"]:
            producer.commit_transaction(30)
        else:
            producer.abort_transaction(30)
    if failures:
        return {"ok": False, "error": "delivery failed", "failures": failures}
    return {"ok": True}


def consume(cmd):
    consumer = Consumer({
        "bootstrap.servers": cmd["bootstrap"],
        "group.id": cmd.get("group", "txn-compat-reader"),
        "isolation.level": cmd["isolation"],
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    consumer.assign([TopicPartition(cmd["topic"], cmd.get("partition", 0), 0)])
    values = []
    deadline = time.time() + cmd.get("timeoutS", 20)
    idle_until = None
    while time.time() < deadline:
        msg = consumer.poll(0.2)
        if msg is None:
            if len(values) >= cmd.get("atLeast", 0):
                idle_until = idle_until or time.time() + cmd.get("idleS", 2)
                if time.time() > idle_until:
                    break
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                continue
            return {"ok": False, **kafka_error(msg.error())}
        idle_until = None
        values.append(msg.value().decode("utf-8"))
    consumer.close()
    return {"ok": True, "values": values}


def fence(cmd):
    first = txn_producer(cmd, cmd["transactionalId"])
    first.init_transactions(30)
    first.begin_transaction()
    failures = []
    send(first, cmd["topic"], cmd.get("partition", 0), ["zombie"], failures)
    second = txn_producer(cmd, cmd["transactionalId"])
    second.init_transactions(30)
    try:
        first.commit_transaction(30)
        first_result = {"committed": True}
    except KafkaException as e:
        err = e.args[0]
        first_result = {"committed": False, "fatal": err.fatal(), **kafka_error(err)}
    second.begin_transaction()
    send(second, cmd["topic"], cmd.get("partition", 0), ["survivor"], failures)
    second.commit_transaction(30)
    return {"ok": True, "first": first_result, "failures": failures}


def idempotent(cmd):
    producer = Producer({
        "bootstrap.servers": cmd["bootstrap"],
        "enable.idempotence": True,
        "linger.ms": 5,
    })
    failures = []
    offsets = []

    def on_delivery(err, msg):
        if err is not None:
            failures.append(kafka_error(err))
        else:
            offsets.append(msg.offset())

    for v in cmd["values"]:
        producer.produce(cmd["topic"], value=v.encode("utf-8"), partition=cmd.get("partition", 0),
                         on_delivery=on_delivery)
    producer.flush(30)
    if failures:
        return {"ok": False, "error": "delivery failed", "failures": failures}
    return {"ok": True, "offsets": offsets}


OPS = {"transactions": transactions, "consume": consume, "fence": fence, "idempotent": idempotent}


def main():
    cmd = json.loads(sys.stdin.read())
    try:
        answer = OPS[cmd["op"]](cmd)
    except KafkaException as e:
        err = e.args[0]
        answer = {"ok": False, **kafka_error(err)} if isinstance(err, KafkaError) else {
            "ok": False, "error": str(e), "code": None, "name": None}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
