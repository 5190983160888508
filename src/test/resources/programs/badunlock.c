/* Unlock of an unlocked mutex: release() unlocks the queue lock that nobody took. */
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int items;

static void release(void) {
    items--;
    pthread_mutex_unlock(&queue_lock);
}

int main(void) {
    pthread_mutex_lock(&queue_lock);
    items++;
    pthread_mutex_unlock(&queue_lock);
    release();
    printf("items %d\n", items);
    return 0;
}
