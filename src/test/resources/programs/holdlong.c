/* A worker sleeps while it holds the cache lock; the reader waits the whole time. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int entries;

static void refresh_cache(void) {
    pthread_mutex_lock(&cache_lock);
    usleep(200 * 1000); /* slow I/O under the lock */
    entries++;
    pthread_mutex_unlock(&cache_lock);
}

static void *refresher(void *arg) {
    (void) arg;
    refresh_cache();
    return NULL;
}

static void *reader(void *arg) {
    (void) arg;
    usleep(50 * 1000);
    pthread_mutex_lock(&cache_lock);
    printf("entries %d\n", entries);
    pthread_mutex_unlock(&cache_lock);
    return NULL;
}

int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, refresher, NULL);
    pthread_create(&t2, NULL, reader, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
}
