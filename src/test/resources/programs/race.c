#include <pthread.h>
#include <stdio.h>
static int hits;
static void *bump(void *a) { (void) a; hits++; return NULL; }
int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, bump, NULL);
    pthread_create(&t2, NULL, bump, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("hits %d\n", hits);
    return 0;
}
