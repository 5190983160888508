package io.lockdoc.collect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for the integration test: worker-A locks {@code checking} then {@code savings},
 * worker-B the other way round. Prints {@code deadlocked} once the JVM itself sees the cycle,
 * then stays until killed.
 */
public final class MonitorDeadlockChild {
    static final class Account {}

    private MonitorDeadlockChild() {}

    public static void main(String[] args) throws Exception {
        Account checking = new Account();
        Account savings = new Account();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread a = new Thread(() -> transfer(checking, savings, bothHold), "worker-A");
        Thread b = new Thread(() -> transfer(savings, checking, bothHold), "worker-B");
        a.start();
        b.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mx.findMonitorDeadlockedThreads() == null && System.nanoTime() < deadline) {
            Thread.sleep(5); // poll interval of the watcher, not synchronisation
        }
        System.out.println(mx.findMonitorDeadlockedThreads() == null ? "no-deadlock" : "deadlocked");
        System.out.flush();
        System.in.read(); // until the parent kills it (or closes stdin)
    }

    private static void transfer(Account from, Account to, CountDownLatch bothHold) {
        synchronized (from) {
            bothHold.countDown();
            try {
                bothHold.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (to) {
                System.out.println("transferred");
            }
        }
    }
}
