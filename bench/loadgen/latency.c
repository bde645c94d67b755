/*
 * ferrymq bench: latency and mixed-load generators on librdkafka (workloads L1 and M1).
 *
 *   latency open -b HOST:PORT -t TOPIC -r MSG_PER_S [-s BYTES] [-p PARTITIONS] [-d SECONDS] [-w WARMUP_MS]
 *                [-e 0|1] [-X key=value ...] [-C key=value ...]
 *   latency mixed -b HOST:PORT -t TOPIC [-s BYTES] [-p PARTITIONS] [-d SECONDS] [-w WARMUP_MS] [-X key=value ...]
 *                [-C key=value ...]
 *
 * -X sets a producer property, -C a consumer property.
 *
 * `open` (L1) is an open-loop constant-rate producer: message i is scheduled at start + i / rate and
 * sent at that time (or at once when the sender is behind), round-robin over the partitions. Its
 * scheduled time (CLOCK_MONOTONIC, ns) is written into the first 8 bytes of the value and passed as the
 * message's opaque, so every latency is measured from the scheduled time, not the send time: a stall
 * anywhere (client, loopback, server) counts for every message it delays (no coordinated omission).
 * produce-to-ack = delivery report time - scheduled time (a poller thread blocks in rd_kafka_poll, so
 * reports are taken as they arrive). With `-e 1` a second client in the same process tails every
 * partition from its end (legacy consume API, no group) and records end-to-end = receive time - scheduled
 * time (same process, same clock). Only messages scheduled inside the window count: the window opens
 * WARMUP_MS after the first acknowledgement (and, with -e 1, the first consumed message) and lasts
 * SECONDS of scheduled time. After the window the producer stops, flushes, and the consumer waits (up
 * to 10 s) for every counted message that was acknowledged.
 * Producer settings (latency, not throughput): linger.ms=0, acks=1 (override with -X acks=all),
 * batch.size=1000000, compression none; consumer: fetch.wait.max.ms=500, fetch.min.bytes=1.
 *
 * `mixed` (M1) runs a closed-loop producer with the throughput settings of producer.c (linger.ms=5,
 * batch.size=1000000, acks=1, as fast as librdkafka accepts) and, at the same time, a consumer tailing
 * every partition from offset 0 (librdkafka consumer defaults). Both count bytes inside one window.
 *
 * Both print one JSON line on stdout and write `window open` / `window close` on stderr.
 *
 * Histograms: log-linear buckets over nanoseconds, exact below 256 ns, then 128 buckets per power of
 * two, so a bucket spans at most 1/128 (0.78 %) of its value; a percentile is reported as the upper
 * bound of its bucket (never below the true value, at most 0.78 % above). The non-empty buckets are
 * printed so that runs can be merged (bench/latency-histogram.ts has the same bucket function).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#define SUB_BITS 7
#define SUB_COUNT (1 << SUB_BITS)
#define BUCKETS (64 * SUB_COUNT)
#define MAX_PARTITIONS 1024
#define MAGIC 0x6665727279626e63ULL /* "ferrybnc" */

typedef struct {
  uint64_t counts[BUCKETS];
  uint64_t total;
  uint64_t max;
} histogram;

static int bucket_of(uint64_t v) {
  if (v < 2 * SUB_COUNT) return (int)v;
  int msb = 63 - __builtin_clzll(v);
  int shift = msb - SUB_BITS;
  return (shift + 1) * SUB_COUNT + (int)((v >> shift) - SUB_COUNT);
}

/** Highest value that falls into bucket `b`. */
static uint64_t bucket_high(int b) {
  if (b < 2 * SUB_COUNT) return (uint64_t)b;
  int shift = b / SUB_COUNT - 1;
  uint64_t sub = (uint64_t)(b % SUB_COUNT) + SUB_COUNT;
  return ((sub + 1) << shift) - 1;
}

static void hist_add(histogram *h, uint64_t v) {
  h->counts[bucket_of(v)]++;
  h->total++;
  if (v > h->max) h->max = v;
}

static uint64_t hist_percentile(const histogram *h, double pct) {
  if (h->total == 0) return 0;
  uint64_t want = (uint64_t)(pct / 100.0 * (double)h->total + 0.5);
  if (want < 1) want = 1;
  uint64_t seen = 0;
  for (int b = 0; b < BUCKETS; b++) {
    seen += h->counts[b];
    if (seen >= want) return bucket_high(b) < h->max ? bucket_high(b) : h->max;
  }
  return h->max;
}

static void hist_print(const char *name, const histogram *h) {
  static const double pcts[] = {50, 90, 99, 99.9, 99.99};
  static const char *keys[] = {"p50Us", "p90Us", "p99Us", "p999Us", "p9999Us"};
  printf("\"%s\":{\"count\":%llu", name, (unsigned long long)h->total);
  for (int i = 0; i < 5; i++) printf(",\"%s\":%.1f", keys[i], (double)hist_percentile(h, pcts[i]) / 1e3);
  printf(",\"maxUs\":%.1f,\"buckets\":[", (double)h->max / 1e3);
  int first = 1;
  for (int b = 0; b < BUCKETS; b++) {
    if (h->counts[b] == 0) continue;
    printf("%s[%d,%llu]", first ? "" : ",", b, (unsigned long long)h->counts[b]);
    first = 0;
  }
  printf("]}");
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t t) {
  struct timespec ts = {.tv_sec = (time_t)(t / 1000000000ULL), .tv_nsec = (long)(t % 1000000000ULL)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
  }
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "latency: %s: %s\n", what, detail);
  exit(1);
}

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) die(key, err);
}

/* Shared state. The window bounds are in scheduled time (open) or wall time (mixed); 0 = not yet. */
static _Atomic uint64_t window_start, window_end;
static _Atomic int stopping;
static _Atomic uint64_t acked_msgs, acked_bytes, failed_msgs, consumed_msgs, consumed_bytes;
static _Atomic uint64_t counted_acked, counted_consumed;
static char first_error[256];
static histogram ack_hist, e2e_hist;

static int in_window(uint64_t scheduled) {
  uint64_t ws = atomic_load(&window_start), we = atomic_load(&window_end);
  return ws != 0 && scheduled >= ws && scheduled < we;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  uint64_t t = now_ns();
  /* mixed: what was still queued when the window closed is purged, not delivered. */
  if (m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE) return;
  if (m->err) {
    if (atomic_fetch_add(&failed_msgs, 1) == 0)
      snprintf(first_error, sizeof first_error, "%s", rd_kafka_err2str(m->err));
    return;
  }
  atomic_fetch_add(&acked_msgs, 1);
  atomic_fetch_add(&acked_bytes, m->len);
  uint64_t scheduled = (uint64_t)(uintptr_t)m->_private;
  if (scheduled != 0 && in_window(scheduled)) {
    hist_add(&ack_hist, t - scheduled);
    atomic_fetch_add(&counted_acked, 1);
  }
}

static void *poller(void *arg) {
  rd_kafka_t *rk = arg;
  while (!atomic_load(&stopping)) rd_kafka_poll(rk, 50);
  return NULL;
}

typedef struct {
  rd_kafka_t *rk;
  rd_kafka_topic_t *rkt;
  rd_kafka_queue_t *queue;
  int partitions;
  int e2e; /* 1: scheduled time in the value; 0: count bytes only (mixed) */
} consumer_args;

static void *consumer_loop(void *arg) {
  consumer_args *c = arg;
  while (!atomic_load(&stopping)) {
    rd_kafka_message_t *m = rd_kafka_consume_queue(c->queue, 50);
    if (m == NULL) continue;
    uint64_t t = now_ns();
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (c->e2e) {
        if (m->len >= 16) {
          uint64_t scheduled, magic;
          memcpy(&scheduled, m->payload, 8);
          memcpy(&magic, (const char *)m->payload + 8, 8);
          if (magic == MAGIC) {
            atomic_fetch_add(&consumed_msgs, 1);
            if (in_window(scheduled)) {
              hist_add(&e2e_hist, t - scheduled);
              atomic_fetch_add(&counted_consumed, 1);
            }
          }
        }
      } else {
        atomic_fetch_add(&consumed_msgs, 1);
        atomic_fetch_add(&consumed_bytes, m->len);
        uint64_t ws = atomic_load(&window_start), we = atomic_load(&window_end);
        if (ws != 0 && t >= ws && (we == 0 || t < we)) {
          atomic_fetch_add(&counted_consumed, 1);
        }
      }
    } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      fprintf(stderr, "latency: consume partition %d: %s\n", (int)m->partition, rd_kafka_message_errstr(m));
    }
    rd_kafka_message_destroy(m);
  }
  return NULL;
}

static rd_kafka_t *new_client(rd_kafka_type_t type, rd_kafka_conf_t *conf) {
  char err[512];
  rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof err);
  if (rk == NULL) die("rd_kafka_new", err);
  return rk;
}

/* The topic exists (auto-created by the producer's metadata request) before the consumer asks for its end. */
static void wait_for_topic(rd_kafka_t *rk, rd_kafka_topic_t *rkt, int partitions) {
  for (int attempt = 0; attempt < 100; attempt++) {
    const struct rd_kafka_metadata *md = NULL;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      int ok = md->topic_cnt == 1 && md->topics[0].err == 0 && md->topics[0].partition_cnt >= partitions;
      rd_kafka_metadata_destroy(md);
      if (ok) return;
    }
    struct timespec ts = {0, 100000000L};
    nanosleep(&ts, NULL);
  }
  die("metadata", "topic not available after 100 attempts");
}

/* Consumer settings given with -C key=value (applied after the defaults below). */
static char *consumer_overrides[32];
static int consumer_override_count;

static consumer_args start_consumer(const char *brokers, const char *topic, int partitions, int64_t from,
                                    int e2e) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", brokers);
  set(conf, "enable.partition.eof", "false");
  if (e2e) {
    set(conf, "fetch.wait.max.ms", "500");
    set(conf, "fetch.min.bytes", "1");
  }
  for (int i = 0; i < consumer_override_count; i++) {
    char *eq = strchr(consumer_overrides[i], '=');
    *eq = '\0';
    set(conf, consumer_overrides[i], eq + 1);
    *eq = '=';
  }
  consumer_args c = {.partitions = partitions, .e2e = e2e};
  c.rk = new_client(RD_KAFKA_CONSUMER, conf);
  c.rkt = rd_kafka_topic_new(c.rk, topic, NULL);
  c.queue = rd_kafka_queue_new(c.rk);
  for (int p = 0; p < partitions; p++) {
    if (rd_kafka_consume_start_queue(c.rkt, p, from, c.queue) == -1)
      die("consume_start", rd_kafka_err2str(rd_kafka_last_error()));
  }
  return c;
}

static void stop_consumer(consumer_args *c) {
  for (int p = 0; p < c->partitions; p++) rd_kafka_consume_stop(c->rkt, p);
  rd_kafka_queue_destroy(c->queue);
  rd_kafka_topic_destroy(c->rkt);
  rd_kafka_destroy(c->rk);
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage", "latency (open|mixed) -b HOST:PORT -t TOPIC ...");
  int mixed = !strcmp(argv[1], "mixed");
  if (!mixed && strcmp(argv[1], "open")) die("unknown mode", argv[1]);
  const char *brokers = NULL, *topic = NULL;
  size_t size = 1024;
  int partitions = 8, warmup_ms = 1000, e2e = 0;
  double seconds = 5, rate = 0;
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "linger.ms", mixed ? "5" : "0");
  set(conf, "batch.size", "1000000");
  set(conf, "compression.type", "none");
  set(conf, "acks", "1");
  set(conf, "queue.buffering.max.messages", "1000000");
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) die("missing value for", a);
    if (!strcmp(a, "-b")) brokers = v;
    else if (!strcmp(a, "-t")) topic = v;
    else if (!strcmp(a, "-s")) size = (size_t)atol(v);
    else if (!strcmp(a, "-p")) partitions = atoi(v);
    else if (!strcmp(a, "-d")) seconds = atof(v);
    else if (!strcmp(a, "-w")) warmup_ms = atoi(v);
    else if (!strcmp(a, "-r")) rate = atof(v);
    else if (!strcmp(a, "-e")) e2e = atoi(v);
    else if (!strcmp(a, "-X")) {
      char *kv = strdup(v);
      char *eq = strchr(kv, '=');
      if (eq == NULL) die("-X needs key=value", v);
      *eq = '\0';
      set(conf, kv, eq + 1);
      free(kv);
    } else if (!strcmp(a, "-C")) {
      if (strchr(v, '=') == NULL) die("-C needs key=value", v);
      if (consumer_override_count == 32) die("-C", "at most 32");
      consumer_overrides[consumer_override_count++] = strdup(v);
    } else die("unknown flag", a);
    i++;
  }
  if (brokers == NULL || topic == NULL || partitions < 1 || partitions > MAX_PARTITIONS || seconds <= 0 ||
      size < 16 || (!mixed && rate <= 0)) {
    die("usage", "latency (open -r RATE | mixed) -b HOST:PORT -t TOPIC [-s BYTES>=16] [-p N] [-d S] [-w MS] [-e 0|1]");
  }
  /* Sleeps end within a few µs of the schedule instead of the default 50 µs timer slack. */
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  set(conf, "bootstrap.servers", brokers);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = new_client(RD_KAFKA_PRODUCER, conf);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  wait_for_topic(rk, rkt, partitions);
  pthread_t poll_thread, consume_thread;
  pthread_create(&poll_thread, NULL, poller, rk);
  int with_consumer = mixed || e2e;
  consumer_args consumer = {0};
  if (with_consumer) {
    consumer = start_consumer(brokers, topic, partitions, mixed ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END,
                              !mixed);
    pthread_create(&consume_thread, NULL, consumer_loop, &consumer);
  }

  char *payload = calloc(1, size);
  for (size_t i = 16; i < size; i++) payload[i] = (char)('a' + i % 26);
  uint64_t magic = MAGIC;
  memcpy(payload + 8, &magic, 8);

  /* Open loop: the schedule starts only once the path works end to end: probe messages (scheduled time 0,
   * never counted) every 100 ms until one is acknowledged and, with -e 1, consumed. */
  if (!mixed) {
    uint64_t give_up = now_ns() + 30000000000ULL, next_probe = 0;
    while (atomic_load(&acked_msgs) == 0 || (e2e && atomic_load(&consumed_msgs) == 0)) {
      if (atomic_load(&failed_msgs) > 0) die("delivery failed", first_error);
      uint64_t t = now_ns();
      if (t > give_up) die("no acknowledgement (or, with -e 1, no message consumed)", "within 30 s");
      if (t >= next_probe) {
        if (rd_kafka_produce(rkt, 0, RD_KAFKA_MSG_F_COPY, payload, size, NULL, 0, NULL) == -1)
          die("produce", rd_kafka_err2str(rd_kafka_last_error()));
        next_probe = t + 100000000ULL;
      }
      struct timespec ts = {0, 1000000L};
      nanosleep(&ts, NULL);
    }
  }
  uint64_t started = now_ns(), sent = 0, max_lag = 0, late_sends = 0, counted_sent = 0;
  uint64_t window_close_at = 0;
  int phase = 0; /* 0 warming up, 1 in the window, 2 done */
  uint64_t window_msgs0 = 0, window_bytes0 = 0, window_msgs1 = 0, window_bytes1 = 0;
  uint64_t window_cmsgs0 = 0, window_cbytes0 = 0, window_cmsgs1 = 0, window_cbytes1 = 0;
  double window_seconds = seconds;
  while (phase < 2) {
    uint64_t t = now_ns();
    if (atomic_load(&failed_msgs) > 0) die("delivery failed", first_error);
    if (phase == 0 && atomic_load(&window_start) == 0 && atomic_load(&acked_msgs) > 0 &&
        (!with_consumer || mixed || atomic_load(&consumed_msgs) > 0)) {
      uint64_t ws = t + (uint64_t)warmup_ms * 1000000ULL;
      atomic_store(&window_end, ws + (uint64_t)(seconds * 1e9));
      atomic_store(&window_start, ws);
    }
    if (phase == 0 && atomic_load(&window_start) != 0 && t >= atomic_load(&window_start)) {
      phase = 1;
      window_msgs0 = atomic_load(&acked_msgs);
      window_bytes0 = atomic_load(&acked_bytes);
      window_cmsgs0 = atomic_load(&consumed_msgs);
      window_cbytes0 = atomic_load(&consumed_bytes);
      window_close_at = atomic_load(&window_end);
      fprintf(stderr, "window open\n");
    }
    /* Open loop: the window closes once every message scheduled inside it has been sent, however late. */
    uint64_t scheduled = mixed ? t : started + (uint64_t)((double)sent * 1e9 / rate);
    if (phase == 1 && (mixed ? t : scheduled) >= window_close_at) {
      phase = 2;
      window_msgs1 = atomic_load(&acked_msgs);
      window_bytes1 = atomic_load(&acked_bytes);
      window_cmsgs1 = atomic_load(&consumed_msgs);
      window_cbytes1 = atomic_load(&consumed_bytes);
      window_seconds = (double)(t - atomic_load(&window_start)) / 1e9;
      fprintf(stderr, "window close\n");
      break;
    }
    if (phase == 0 && (t - started) > 30000000000ULL) die("no acknowledgement (or, with -e 1, no message consumed)", "within 30 s");
    if (!mixed && t < scheduled) {
      sleep_until(scheduled);
      continue;
    }
    int counted = !mixed && in_window(scheduled);
    if (!mixed) memcpy(payload, &scheduled, 8);
    int32_t partition = (int32_t)(sent % (uint64_t)partitions);
    if (rd_kafka_produce(rkt, partition, mixed ? 0 : RD_KAFKA_MSG_F_COPY, payload, size, NULL, 0,
                         (void *)(uintptr_t)(mixed ? 0 : scheduled)) == -1) {
      rd_kafka_resp_err_t e = rd_kafka_last_error();
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(e));
      struct timespec ts = {0, 100000L};
      nanosleep(&ts, NULL);
      continue;
    }
    if (counted) {
      /* How late the load generator sent it (its own delay, or a full queue), counted messages only. */
      uint64_t lag = t - scheduled;
      if (lag > max_lag) max_lag = lag;
      if (lag > 1000000) late_sends++;
      counted_sent++;
    }
    sent++;
  }
  /* mixed: the closed-loop producer keeps up to 1 GB queued; drop it instead of waiting for it. Open loop:
   * every counted message must be acknowledged, however late. */
  if (mixed) rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE);
  if (rd_kafka_flush(rk, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR) die("flush", "timed out after 120 s");
  if (atomic_load(&failed_msgs) > 0) die("delivery failed", first_error);
  if (e2e && !mixed) {
    uint64_t deadline = now_ns() + 10000000000ULL;
    while (atomic_load(&counted_consumed) < atomic_load(&counted_acked) && now_ns() < deadline) {
      struct timespec ts = {0, 1000000L};
      nanosleep(&ts, NULL);
    }
  }
  atomic_store(&stopping, 1);
  pthread_join(poll_thread, NULL);
  if (with_consumer) pthread_join(consume_thread, NULL);

  double msgs = (double)(window_msgs1 - window_msgs0), bytes = (double)(window_bytes1 - window_bytes0);
  if (mixed) {
    double cmsgs = (double)(window_cmsgs1 - window_cmsgs0), cbytes = (double)(window_cbytes1 - window_cbytes0);
    printf("{\"role\":\"mixed\",\"msgs\":%.0f,\"bytes\":%.0f,\"seconds\":%.3f,\"mbPerS\":%.2f,\"msgPerS\":%.0f,"
           "\"consumedMsgs\":%.0f,\"consumedBytes\":%.0f,\"consumeMbPerS\":%.2f,\"consumeMsgPerS\":%.0f,"
           "\"producedTotal\":%llu,\"consumedTotal\":%llu,\"lagAtClose\":%lld,\"librdkafka\":\"%s\"}\n",
           msgs, bytes, window_seconds, bytes / window_seconds / 1e6, msgs / window_seconds, cmsgs, cbytes,
           cbytes / window_seconds / 1e6, cmsgs / window_seconds, (unsigned long long)atomic_load(&acked_msgs),
           (unsigned long long)atomic_load(&consumed_msgs), (long long)(window_msgs1 - window_cmsgs1),
           rd_kafka_version_str());
  } else {
    printf("{\"role\":\"open\",\"rate\":%.0f,\"msgs\":%.0f,\"bytes\":%.0f,\"seconds\":%.3f,\"mbPerS\":%.2f,"
           "\"msgPerS\":%.0f,\"countedSent\":%llu,\"countedAcked\":%llu,\"countedConsumed\":%llu,"
           "\"maxSendLagUs\":%.1f,\"lateSends\":%llu,",
           rate, msgs, bytes, window_seconds, bytes / window_seconds / 1e6, msgs / window_seconds,
           (unsigned long long)counted_sent, (unsigned long long)atomic_load(&counted_acked),
           (unsigned long long)atomic_load(&counted_consumed), (double)max_lag / 1e3,
           (unsigned long long)late_sends);
    hist_print("ack", &ack_hist);
    if (e2e) {
      printf(",");
      hist_print("e2e", &e2e_hist);
    }
    printf(",\"librdkafka\":\"%s\"}\n", rd_kafka_version_str());
  }
  fflush(stdout);
  if (with_consumer) stop_consumer(&consumer);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  free(payload);
  return 0;
}
