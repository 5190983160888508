/* AB-BA: transfer() takes a then b, refund() takes b then a; run one after the other, so it never hangs. */
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

static void *payer(void *arg) {
    (void) arg;
    transfer();
    return NULL;
}

static void *refunder(void *arg) {
    (void) arg;
    refund();
    return NULL;
}

int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, payer, NULL);
    pthread_join(t1, NULL);
    pthread_create(&t2, NULL, refunder, NULL);
    pthread_join(t2, NULL);
    printf("balance %d\n", balance);
    return 0;
}
