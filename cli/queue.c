/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: the bounded queue between evaluation and the output thread.
 * Pushing never blocks: when the queue is full the alert is dropped and
 * counted (falco's outputs_queue behaviour), so slow outputs never stall
 * event processing. Control messages (swap outputs, reopen files) travel in
 * the same FIFO, so they apply at their place in the stream. */
#include "cli.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define CLI_QUEUE_DEFAULT_CAPACITY 65536

typedef enum msg_kind { MSG_ALERT, MSG_SWAP, MSG_REOPEN } msg_kind;

typedef struct msg {
	struct msg *next;
	msg_kind kind;
	cli_alert alert;
	cli_outputs *outs;
} msg;

struct cli_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	msg *head, *tail;
	size_t n_alerts, capacity;
	bool stop;
	bool full_logged;
	cli_outputs *outs;
	_Atomic uint64_t dropped, written;
};

static void *run(void *arg)
{
	cli_queue *q = arg;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		msg *m;

		while (!q->head && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (!q->head && q->stop)
			break;
		m = q->head;
		q->head = m->next;
		if (!q->head)
			q->tail = NULL;
		if (m->kind == MSG_ALERT)
			q->n_alerts--;
		pthread_mutex_unlock(&q->mu);
		switch (m->kind) {
		case MSG_ALERT:
			cli_outputs_write(q->outs, &m->alert);
			cli_alert_free(&m->alert);
			atomic_fetch_add(&q->written, 1);
			break;
		case MSG_SWAP:
			cli_outputs_free(q->outs);
			q->outs = m->outs;
			break;
		case MSG_REOPEN:
			cli_outputs_reopen(q->outs);
			break;
		}
		free(m);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	cli_outputs_flush(q->outs);
	return NULL;
}

cli_queue *cli_queue_new(cli_outputs *outs, size_t capacity)
{
	cli_queue *q = cli_xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->outs = outs;
	q->capacity = capacity ? capacity : CLI_QUEUE_DEFAULT_CAPACITY;
	if (pthread_create(&q->thread, NULL, run, q) != 0) {
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->cv);
		free(q);
		return NULL;
	}
	return q;
}

static void enqueue(cli_queue *q, msg *m)
{
	m->next = NULL;
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	pthread_cond_signal(&q->cv);
}

/* Thread-safe: the main thread and the audit threads (webhook, audit file)
 * push concurrently; the capacity check and the insertion are one critical
 * section, so the bound holds exactly. */
bool cli_queue_push(cli_queue *q, cli_alert *a)
{
	msg *m = cli_xcalloc(1, sizeof(*m));
	bool log;

	m->kind = MSG_ALERT;
	pthread_mutex_lock(&q->mu);
	if (q->n_alerts >= q->capacity) {
		log = !q->full_logged;
		q->full_logged = true;
		pthread_mutex_unlock(&q->mu);
		atomic_fetch_add(&q->dropped, 1);
		if (log)
			cli_log("Outputs queue full (capacity %zu): dropping alerts and "
			        "continuing; "
			        "the drops are counted",
			        q->capacity);
		cli_alert_free(a);
		free(m);
		return false;
	}
	m->alert = *a;
	a->line = NULL;
	a->rule = NULL;
	q->n_alerts++;
	enqueue(q, m);
	pthread_mutex_unlock(&q->mu);
	return true;
}

void cli_queue_swap_outputs(cli_queue *q, cli_outputs *outs)
{
	msg *m = cli_xcalloc(1, sizeof(*m));

	m->kind = MSG_SWAP;
	m->outs = outs;
	pthread_mutex_lock(&q->mu);
	enqueue(q, m);
	pthread_mutex_unlock(&q->mu);
}

void cli_queue_reopen(cli_queue *q)
{
	msg *m = cli_xcalloc(1, sizeof(*m));

	m->kind = MSG_REOPEN;
	pthread_mutex_lock(&q->mu);
	enqueue(q, m);
	pthread_mutex_unlock(&q->mu);
}

uint64_t cli_queue_dropped(const cli_queue *q)
{
	return atomic_load(&((cli_queue *)q)->dropped);
}

uint64_t cli_queue_written(const cli_queue *q)
{
	return atomic_load(&((cli_queue *)q)->written);
}

void cli_queue_free(cli_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	cli_outputs_free(q->outs);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}
