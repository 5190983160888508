/* Recursive locking: flush() takes the cache lock that its caller update() already holds. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t cache_lock;
static int entries;

static void flush(void) {
    pthread_mutex_lock(&cache_lock);
    entries = 0;
    pthread_mutex_unlock(&cache_lock);
}

static void update(void) {
    pthread_mutex_lock(&cache_lock);
    entries++;
    flush();
    pthread_mutex_unlock(&cache_lock);
}

int main(void) {
    /* the second lock self-deadlocks after the detector has reported it: SIGALRM ends the run */
    alarm(2);
    pthread_mutex_init(&cache_lock, NULL);
    update();
    printf("entries %d\n", entries);
    return 0;
}
