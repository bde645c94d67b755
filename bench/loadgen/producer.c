/*
 * ferrymq bench: a librdkafka producer that measures acknowledged throughput.
 *
 *   producer -b HOST:PORT -t TOPIC [-s BYTES] [-p PARTITIONS]
 *            (-d SECONDS [-w WARMUP_MS] | -n COUNT | -S) [-X key=value ...]
 *
 * Duration mode (-d): produces as fast as librdkafka accepts, counts the messages acknowledged inside a
 * window of SECONDS that opens WARMUP_MS after the first acknowledgement, and prints one JSON line;
 * it writes `window open` and `window close` on stderr as the window opens and closes.
 * Count mode (-n): produces exactly COUNT messages, round-robin over the partitions, waits for every
 * acknowledgement (used to pre-produce a backlog) and prints one JSON line.
 * Signal mode (-S): the caller sets the window, so that several producers can share one. It writes
 * `first ack` on stderr at the first acknowledgement; the first SIGUSR1 opens the window (`window open`),
 * the second closes it (`window close`). Then it drops the messages not sent yet, waits for those in
 * flight and prints the JSON line with the window's CLOCK_MONOTONIC bounds added (`openMono`,
 * `closeMono`). It gives up 600 s after starting.
 * Fixed settings (printed by bench/run.ts): linger.ms=5, batch.size=1000000, compression none, acks=1.
 */
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t acked_msgs;
static uint64_t acked_bytes;
static uint64_t failed_msgs;
static char first_error[256];
/*
 * Signal mode: the first two SIGUSR1 take the window's marks (time and acknowledged counters) in the
 * handler itself, so the mark does not wait for the main loop; the main loop reports them.
 */
static volatile sig_atomic_t usr1_count;
static double mark_time[2];
static uint64_t mark_msgs[2], mark_bytes[2];

static double now_s(void);

static void on_usr1(int sig) {
  (void)sig;
  int n = usr1_count;
  if (n >= 2) return;
  mark_time[n] = now_s(); /* clock_gettime is async-signal-safe */
  mark_msgs[n] = acked_msgs;
  mark_bytes[n] = acked_bytes;
  usr1_count = n + 1;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "producer: %s: %s\n", what, detail);
  exit(1);
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  if (m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE) return; /* signal mode drops the unsent queue at the end */
  if (m->err) {
    if (failed_msgs++ == 0) snprintf(first_error, sizeof first_error, "%s", rd_kafka_err2str(m->err));
    return;
  }
  acked_msgs++;
  acked_bytes += m->len;
}

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) die(key, err);
}

int main(int argc, char **argv) {
  const char *brokers = NULL, *topic = NULL;
  size_t size = 1024;
  int partitions = 1, warmup_ms = 1000;
  double seconds = 0;
  long long count = 0;
  int signal_mode = 0;
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "linger.ms", "5");
  set(conf, "batch.size", "1000000");
  set(conf, "compression.type", "none");
  set(conf, "acks", "1");
  set(conf, "queue.buffering.max.messages", "1000000");
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-S")) {
      signal_mode = 1;
      continue;
    }
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) die("missing value for", a);
    if (!strcmp(a, "-b")) brokers = v;
    else if (!strcmp(a, "-t")) topic = v;
    else if (!strcmp(a, "-s")) size = (size_t)atol(v);
    else if (!strcmp(a, "-p")) partitions = atoi(v);
    else if (!strcmp(a, "-d")) seconds = atof(v);
    else if (!strcmp(a, "-w")) warmup_ms = atoi(v);
    else if (!strcmp(a, "-n")) count = atoll(v);
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
  if (brokers == NULL || topic == NULL || partitions < 1 || (seconds > 0) + (count > 0) + signal_mode != 1) {
    die("usage", "producer -b HOST:PORT -t TOPIC [-s BYTES] [-p N] (-d SECONDS [-w MS] | -n COUNT | -S) [-X k=v]");
  }
  if (signal_mode) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGUSR1, &sa, NULL) != 0) die("sigaction", "SIGUSR1");
  }
  set(conf, "bootstrap.servers", brokers);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == NULL) die("rd_kafka_new", err);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);

  /* One payload for every message: produced without copy (flag 0), it must outlive the producer. */
  char *payload = malloc(size);
  for (size_t i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);

  long long sent = 0;
  double started = now_s(), window_open = 0, window_close = 0;
  uint64_t msgs0 = 0, bytes0 = 0, msgs1 = 0, bytes1 = 0;
  int measuring = 0, done = 0, marks = 0, announced = 0;
  while (!done) {
    if (count > 0 && sent >= count) break;
    int32_t partition = (int32_t)(sent % partitions);
    if (rd_kafka_produce(rkt, partition, 0, payload, size, NULL, 0, NULL) == -1) {
      rd_kafka_resp_err_t e = rd_kafka_last_error();
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(e));
      rd_kafka_poll(rk, 1);
    } else {
      sent++;
      if ((sent & 255) != 0) continue;
      rd_kafka_poll(rk, 0);
    }
    if (failed_msgs > 0) die("delivery failed", first_error);
    if (count > 0) continue;
    double t = now_s();
    if (signal_mode) {
      if (!announced && acked_msgs > 0) {
        announced = 1;
        fprintf(stderr, "first ack\n");
      }
      if (marks == 0 && usr1_count >= 1) {
        marks = 1;
        measuring = 1;
        window_open = mark_time[0];
        msgs0 = mark_msgs[0];
        bytes0 = mark_bytes[0];
        fprintf(stderr, "window open\n");
      }
      if (marks == 1 && usr1_count >= 2) {
        marks = 2;
        window_close = mark_time[1];
        msgs1 = mark_msgs[1];
        bytes1 = mark_bytes[1];
        done = 1;
        fprintf(stderr, "window close\n");
      }
      if (!announced && t - started > 30) die("no acknowledgement", "within 30 s");
      if (t - started > 600) die("no window", "the second SIGUSR1 did not come within 600 s");
      continue;
    }
    if (!measuring && window_open == 0 && acked_msgs > 0) window_open = t + warmup_ms / 1000.0;
    if (!measuring && window_open > 0 && t >= window_open) {
      measuring = 1;
      window_open = t;
      msgs0 = acked_msgs;
      bytes0 = acked_bytes;
      fprintf(stderr, "window open\n");
    }
    if (measuring && t >= window_open + seconds) {
      window_close = t;
      msgs1 = acked_msgs;
      bytes1 = acked_bytes;
      done = 1;
      fprintf(stderr, "window close\n");
    }
    if (!measuring && t - started > 30) die("no acknowledgement", "within 30 s");
  }
  /* Signal mode: the messages not yet sent are of no use after the window (and may be a lot at acks=all). */
  if (signal_mode) rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE);
  if (rd_kafka_flush(rk, 30000) != RD_KAFKA_RESP_ERR_NO_ERROR) die("flush", "timed out after 30 s");
  if (failed_msgs > 0) die("delivery failed", first_error);
  if (count > 0) {
    window_open = started;
    window_close = now_s();
    msgs1 = acked_msgs;
    bytes1 = acked_bytes;
  }
  double elapsed = window_close - window_open;
  double msgs = (double)(msgs1 - msgs0), bytes = (double)(bytes1 - bytes0);
  printf("{\"role\":\"producer\",\"msgs\":%.0f,\"bytes\":%.0f,\"seconds\":%.3f,\"mbPerS\":%.2f,\"msgPerS\":%.0f,"
         "\"totalAcked\":%llu,\"openMono\":%.6f,\"closeMono\":%.6f,\"librdkafka\":\"%s\"}\n",
         msgs, bytes, elapsed, bytes / elapsed / 1e6, msgs / elapsed, (unsigned long long)acked_msgs, window_open,
         window_close, rd_kafka_version_str());
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  free(payload);
  return 0;
}
