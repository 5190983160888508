/* Double lock: main re-initialises the journal lock while it holds it, so writer() locks a mutex TSan still sees held. */
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static int records;

static void *writer(void *arg) {
    (void) arg;
    pthread_mutex_lock(&journal_lock);
    records++;
    pthread_mutex_unlock(&journal_lock);
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_mutex_lock(&journal_lock);
    journal_lock = (pthread_mutex_t) PTHREAD_MUTEX_INITIALIZER;
    pthread_create(&t, NULL, writer, NULL);
    pthread_join(t, NULL);
    printf("records %d\n", records);
    return 0;
}
