#!/usr/bin/python3
"""Consumer-group scenarios for the compat suite, with python3-confluent-kafka (librdkafka 2.0.2) or
python3-kafka (kafka-python 2.0.2). Reads one JSON command on stdin, writes one JSON answer on stdout:
{"ok": true, ...} or {"ok": false, "error": str}. Keys travel as UTF-8 text. Run with /usr/bin/python3.

Ops:
  consume  {lib, bootstrap, topic, groupId, count, timeoutMs, config?, members?}
           `members` consumers (default 1) in one group poll in turn until `count` records arrived
           between them; each commits what it read; every record is reported with the member index.
  static   {bootstrap, topic, groupId, timeoutMs}: librdkafka static members i1 and i2; i1 closes and
           comes back with the same group.instance.id; reports how often i2 was assigned/revoked.
"""
import json
import sys
import time


def ck_consumer(cmd, extra=None):
    from confluent_kafka import Consumer

    conf = {
        "bootstrap.servers": cmd["bootstrap"],
        "group.id": cmd["groupId"],
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 500,
    }
    conf.update(cmd.get("config", {}))
    conf.update(extra or {})
    return Consumer(conf)


def consume_confluent(cmd):
    n = cmd.get("members", 1)
    consumers = [ck_consumer(cmd) for _ in range(n)]
    for c in consumers:
        c.subscribe([cmd["topic"]])
    out = []
    deadline = time.monotonic() + cmd.get("timeoutMs", 60000) / 1000
    try:
        while len(out) < cmd["count"] and time.monotonic() < deadline:
            for i, c in enumerate(consumers):
                msg = c.poll(0.1)
                if msg is None:
                    continue
                if msg.error() is not None:
                    if msg.error().code() == -191:  # _PARTITION_EOF
                        continue
                    return {"ok": False, "error": msg.error().str(), "records": out}
                out.append([i, msg.partition(), msg.offset(), (msg.key() or b"").decode()])
                c.commit(message=msg, asynchronous=False)
        assigned = [sorted(tp.partition for tp in c.assignment()) for c in consumers]
    finally:
        for c in consumers:
            c.close()
    return {"ok": True, "records": out, "assigned": assigned}


def consume_kafka_python(cmd):
    """One thread per member: kafka-python's poll() blocks in JoinGroup until the whole group rejoined."""
    import threading

    from kafka import KafkaConsumer

    n = cmd.get("members", 1)
    out = []
    assigned = [[] for _ in range(n)]
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + cmd.get("timeoutMs", 60000) / 1000

    def member(i):
        try:
            c = KafkaConsumer(
                cmd["topic"],
                bootstrap_servers=cmd["bootstrap"],
                group_id=cmd["groupId"],
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                session_timeout_ms=6000,
                heartbeat_interval_ms=500,
                max_poll_interval_ms=20000,
            )
            try:
                while time.monotonic() < deadline:
                    with lock:
                        if len(out) >= cmd["count"]:
                            break
                    batch = c.poll(timeout_ms=100)
                    got = []
                    for records in batch.values():
                        for r in records:
                            got.append([i, r.partition, r.offset, (r.key or b"").decode()])
                    if got:
                        c.commit()
                        with lock:
                            out.extend(got)
                assigned[i] = sorted(tp.partition for tp in c.assignment())
            finally:
                c.close()
        except Exception as e:  # reported by the main thread
            errors.append(f"member {i}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=member, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        return {"ok": False, "error": "; ".join(errors), "records": out}
    return {"ok": True, "records": out, "assigned": assigned}


def static_members(cmd):
    counts = {"assign": 0, "revoke": 0}

    def on_assign(consumer, partitions):
        counts["assign"] += 1

    def on_revoke(consumer, partitions):
        counts["revoke"] += 1

    deadline = time.monotonic() + cmd.get("timeoutMs", 60000) / 1000
    first = ck_consumer(cmd, {"group.instance.id": "i1"})
    second = ck_consumer(cmd, {"group.instance.id": "i2"})
    first.subscribe([cmd["topic"]])
    second.subscribe([cmd["topic"]], on_assign=on_assign, on_revoke=on_revoke)

    def poll_until(consumers, done):
        while time.monotonic() < deadline:
            for c in consumers:
                c.poll(0.1)
            if done():
                return True
        return False

    both = poll_until([first, second], lambda: len(first.assignment()) > 0 and len(second.assignment()) > 0)
    if not both:
        return {"ok": False, "error": "the two static members never both got partitions"}
    before = dict(counts)
    first_assignment = sorted(tp.partition for tp in first.assignment())
    first.close()  # static member: no LeaveGroup
    again = ck_consumer(cmd, {"group.instance.id": "i1"})
    again.subscribe([cmd["topic"]])
    ok = poll_until([again, second], lambda: len(again.assignment()) > 0)
    # Keep both polling a while, so that a rebalance, if any, would show.
    end = time.monotonic() + 3
    while time.monotonic() < end:
        again.poll(0.1)
        second.poll(0.1)
    result = {
        "ok": ok,
        "before": before,
        "after": dict(counts),
        "firstAssignment": first_assignment,
        "againAssignment": sorted(tp.partition for tp in again.assignment()),
        "secondAssignment": sorted(tp.partition for tp in second.assignment()),
    }
    if not ok:
        result["error"] = "the restarted static member got no partitions"
    again.close()
    second.close()
    return result


def main():
    cmd = json.load(sys.stdin)
    try:
        if cmd["op"] == "static":
            result = static_members(cmd)
        elif cmd["lib"] == "confluent":
            result = consume_confluent(cmd)
        else:
            result = consume_kafka_python(cmd)
    except Exception as e:  # report, do not crash: the test prints it
        result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
