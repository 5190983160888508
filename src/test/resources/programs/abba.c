/* AB-BA: transfer() takes a then b, refund() takes b then a; run one after the other (no argument), it never hangs. */
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t account_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t account_b = PTHREAD_MUTEX_INITIALIZER;
static int balance;

static void transfer(void) {
    pthread_mutex_lock(&account_a);
    pthread_mutex_lock(&account_b);
    balance++;
    pthread_mutex_unlock(&account_b);
    pthread_mutex_unlock(&account_a);
}

static void refund(void) {
    pthread_mutex_lock(&account_b);
    pthread_mutex_lock(&account_a);
    balance--;
    pthread_mutex_unlock(&account_a);
    pthread_mutex_unlock(&account_b);
}

static int concurrent; /* argv[1] "hang": both threads loop at once, so the inversion deadlocks */

static void *payer(void *arg) {
    (void) arg;
    do {
        transfer();
    } while (concurrent);
    return NULL;
}

static void *refunder(void *arg) {
    (void) arg;
    do {
        refund();
    } while (concurrent);
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t t1, t2;
    concurrent = argc > 1;
    if (concurrent) {
        pthread_create(&t1, NULL, payer, NULL);
        pthread_create(&t2, NULL, refunder, NULL);
        pthread_join(t1, NULL);
        pthread_join(t2, NULL);
        return 0;
    }
    pthread_create(&t1, NULL, payer, NULL);
    pthread_join(t1, NULL);
    pthread_create(&t2, NULL, refunder, NULL);
    pthread_join(t2, NULL);
    printf("balance %d\n", balance);
    return 0;
}
