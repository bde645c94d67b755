/*
 * ferrymq bench: a librdkafka consumer that reads partitions 0..N-1 of a topic from the beginning,
 * without a consumer group (legacy per-partition consume API onto one shared queue), until every
 * partition reports end-of-partition or SECONDS have passed, then prints one JSON line.
 *
 *   consumer -b HOST:PORT -t TOPIC [-p PARTITIONS] [-d MAX_SECONDS] [-X key=value ...]
 *
 * The rate is payload bytes over the time from the first message to the last one; `first message` and
 * `done` are written on stderr when the first message arrives and when consuming stops.
 */
#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 8192
#define MAX_PARTITIONS 1024

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "consumer: %s: %s\n", what, detail);
  exit(1);
}

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) die(key, err);
}

int main(int argc, char **argv) {
  const char *brokers = NULL, *topic = NULL;
  int partitions = 1;
  double seconds = 60;
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "enable.partition.eof", "true");
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) die("missing value for", a);
    if (!strcmp(a, "-b")) brokers = v;
    else if (!strcmp(a, "-t")) topic = v;
    else if (!strcmp(a, "-p")) partitions = atoi(v);
    else if (!strcmp(a, "-d")) seconds = atof(v);
    else if (!strcmp(a, "-X")) {
      char *kv = strdup(v);
      char *eq = strchr(kv, '=');
      if (eq == NULL) die("-X needs key=value", v);
      *eq = '\0';
      set(conf, kv, eq + 1);
      free(kv);
    } else die("unknown flag", a);
    i++;
  }
  if (brokers == NULL || topic == NULL || partitions < 1 || partitions > MAX_PARTITIONS || seconds <= 0) {
    die("usage", "consumer -b HOST:PORT -t TOPIC [-p N] [-d MAX_SECONDS] [-X k=v]");
  }
  set(conf, "bootstrap.servers", brokers);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (rk == NULL) die("rd_kafka_new", err);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  rd_kafka_queue_t *queue = rd_kafka_queue_new(rk);
  for (int p = 0; p < partitions; p++) {
    if (rd_kafka_consume_start_queue(rkt, p, RD_KAFKA_OFFSET_BEGINNING, queue) == -1) {
      die("consume_start", rd_kafka_err2str(rd_kafka_last_error()));
    }
  }

  static rd_kafka_message_t *batch[BATCH];
  static int at_end[MAX_PARTITIONS];
  static int64_t next_offset[MAX_PARTITIONS];
  int ended = 0;
  uint64_t msgs = 0, bytes = 0, errors = 0, gaps = 0;
  double started = now_s(), first = 0, last = 0;
  while (ended < partitions && now_s() - started < seconds) {
    ssize_t n = rd_kafka_consume_batch_queue(queue, 100, batch, BATCH);
    if (n < 0) die("consume", rd_kafka_err2str(rd_kafka_last_error()));
    for (ssize_t i = 0; i < n; i++) {
      rd_kafka_message_t *m = batch[i];
      int32_t p = m->partition;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (p >= 0 && p < partitions && !at_end[p]) {
          at_end[p] = 1;
          ended++;
        }
      } else if (m->err) {
        if (errors++ == 0) fprintf(stderr, "consumer: partition %d: %s\n", (int)p, rd_kafka_message_errstr(m));
      } else {
        if (p >= 0 && p < partitions) {
          if (m->offset != next_offset[p]) gaps++;
          next_offset[p] = m->offset + 1;
        }
        msgs++;
        bytes += m->len;
        last = now_s();
        if (first == 0) {
          first = last;
          fprintf(stderr, "first message\n");
        }
      }
      rd_kafka_message_destroy(m);
    }
  }
  fprintf(stderr, "done\n");
  double elapsed = last > first ? last - first : 0;
  printf("{\"role\":\"consumer\",\"msgs\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"mbPerS\":%.2f,\"msgPerS\":%.0f,"
         "\"partitionsAtEnd\":%d,\"errors\":%llu,\"offsetGaps\":%llu,\"librdkafka\":\"%s\"}\n",
         (unsigned long long)msgs, (unsigned long long)bytes, elapsed, elapsed > 0 ? bytes / elapsed / 1e6 : 0,
         elapsed > 0 ? msgs / elapsed : 0, ended, (unsigned long long)errors, (unsigned long long)gaps, rd_kafka_version_str());
  for (int p = 0; p < partitions; p++) rd_kafka_consume_stop(rkt, p);
  rd_kafka_queue_destroy(queue);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return errors > 0 ? 1 : 0;
}
