package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;

/** Driver Verifier's deadlock report ({@code !deadlock}, plain, 1 or 3): who took which locks in which order. */
public final class WinVerifierDeadlock extends WinFact {
    /** One lock of the report: its letter, address, symbol and type. */
    public record Lock(String letter, String address, String symbol, String type) {
        public String name() {
            return symbol != null ? symbol : address;
        }
    }

    /** One thread and the order in which it took the locks, with the first own frame of each acquisition when printed. */
    public record ThreadOrder(int index, String thread, List<String> letters, List<String> functions) {}

    private final String issue;
    private final List<Lock> locks;
    private final List<ThreadOrder> threads;

    public WinVerifierDeadlock(
            String id, Evidence evidence, String issue, List<Lock> locks, List<ThreadOrder> threads) {
        super(id, evidence);
        this.issue = issue;
        this.locks = List.copyOf(locks);
        this.threads = List.copyOf(threads);
    }

    /** The verifier issue code ({@code 00001001}) when printed. */
    public String getIssue() {
        return issue;
    }

    public List<Lock> getLocks() {
        return locks;
    }

    public List<ThreadOrder> getThreads() {
        return threads;
    }

    public Lock lock(String letter) {
        return locks.stream().filter(l -> l.letter().equals(letter)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "WinVerifierDeadlock[" + locks.size() + " locks, " + threads.size() + " threads]";
    }
}
