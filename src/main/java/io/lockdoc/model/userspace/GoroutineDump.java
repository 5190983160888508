package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * A Go goroutine dump (the runtime's fatal error, SIGQUIT, {@code debug.Stack},
 * {@code /debug/pprof/goroutine?debug=2}): each goroutine with its wait reason and frames, and
 * whether the runtime itself said that every goroutine is asleep.
 */
public final class GoroutineDump implements Fact {
    /** A frame: the function as Go prints it ({@code main.transfer}, {@code sync.(*Mutex).Lock}) and {@code file.go:19}. */
    public record Frame(String function, String location, String firstArgument) {}

    /**
     * One goroutine: its id, wait reason ({@code semacquire}, {@code sync.Mutex.Lock}, {@code chan receive}),
     * how long it has waited when the dump says ({@code 37 minutes}, else null), its frames innermost
     * first, the mutex it waits to lock (or null) and the line of its header.
     */
    public record Goroutine(long id, String reason, Integer minutes, List<Frame> frames, String mutex, int line) {
        public Goroutine {
            frames = List.copyOf(frames);
        }

        public boolean waitsForLock() {
            return mutex != null;
        }

        /** The first frame of the program's own code: not the runtime or the standard library. */
        public Frame ownFrame() {
            for (Frame f : frames) {
                if (own(f.function())) {
                    return f;
                }
            }
            return null;
        }

        /** {@code main.x} and {@code github.com/a/b.x} are a program's own; {@code sync.x}, {@code internal/poll.x} are Go's. */
        public static boolean own(String function) {
            int slash = function.lastIndexOf('/');
            String last = function.substring(slash + 1);
            String pkg = last.contains(".") ? last.substring(0, last.indexOf('.')) : last;
            if (slash < 0) {
                return pkg.equals("main");
            }
            // a module path starts with a domain; the standard library's (net/http, internal/poll) does not
            return function.substring(0, function.indexOf('/')).contains(".");
        }
    }

    private final String id;
    private final Evidence evidence;
    private final boolean runtimeDeadlock;
    private final List<Goroutine> goroutines;
    /** The goroutines waiting to lock, found once: the rules ask for them on every evaluation. */
    private final List<Goroutine> lockWaiters;

    public GoroutineDump(String id, Evidence evidence, boolean runtimeDeadlock, List<Goroutine> goroutines) {
        this.id = id;
        this.evidence = evidence;
        this.runtimeDeadlock = runtimeDeadlock;
        this.goroutines = List.copyOf(goroutines);
        this.lockWaiters =
                this.goroutines.stream().filter(Goroutine::waitsForLock).toList();
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    /** The runtime printed {@code fatal error: all goroutines are asleep - deadlock!}: a proven deadlock. */
    public boolean isRuntimeDeadlock() {
        return runtimeDeadlock;
    }

    public List<Goroutine> getGoroutines() {
        return goroutines;
    }

    public List<Goroutine> getLockWaiters() {
        return lockWaiters;
    }

    /** How many goroutines wait to lock a mutex. */
    public int getLockWaiterCount() {
        return lockWaiters.size();
    }

    /** The longest a lock waiter has waited, in minutes, where the dump says; 0 when it does not. */
    public int getLongestLockWaitMinutes() {
        return lockWaiters.stream()
                .map(Goroutine::minutes)
                .filter(m -> m != null)
                .max(Integer::compare)
                .orElse(0);
    }

    @Override
    public String toString() {
        return "GoroutineDump[" + goroutines.size() + " goroutines, " + getLockWaiterCount() + " waiting to lock"
                + (runtimeDeadlock ? ", runtime deadlock" : "") + "]";
    }
}
