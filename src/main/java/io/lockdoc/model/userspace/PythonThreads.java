package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;
import java.util.Set;

/**
 * One dump of a Python process's threads (faulthandler or {@code py-spy dump}): each thread with its
 * frames, innermost first, and what its stack says it is doing. Neither tool names a lock's owner.
 */
public final class PythonThreads implements Fact {
    public enum Tool {
        FAULTHANDLER("faulthandler"),
        PY_SPY("py-spy");

        private final String label;

        Tool(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** py-spy's on-CPU state; faulthandler does not know it. */
    public enum State {
        ACTIVE,
        IDLE,
        UNKNOWN
    }

    /** What the innermost frames show. */
    public enum Activity {
        /** In threading's acquire/__enter__, or (off CPU) in a C call made by application code: a lock acquire. */
        LOCK_ACQUIRE,
        /** In a stdlib wait (join, Condition/Event wait, queue get, sleep, select) and off CPU. */
        WAITING,
        /** On CPU (py-spy active). */
        RUNNING,
        /** The thread that wrote the dump (faulthandler's "Current thread"). */
        DUMPER
    }

    public record Frame(String function, String file, int line) {
        private static final Set<String> STDLIB = Set.of("threading.py", "queue.py", "selectors.py", "socket.py");

        public String basename() {
            int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
            return file.substring(slash + 1);
        }

        public String location() {
            return basename() + ":" + line;
        }

        /** A frame of the interpreter's own library, not the application's. */
        public boolean library() {
            return file.startsWith("<")
                    || STDLIB.contains(basename())
                    || file.matches(".*[/\\\\]lib[/\\\\]python[0-9.]*[/\\\\].*")
                    || file.contains("site-packages")
                    || file.contains("dist-packages");
        }

        public String describe() {
            return function + " at " + location();
        }
    }

    public record Thread(String id, String name, State state, Activity activity, List<Frame> frames) {
        public Thread {
            frames = List.copyOf(frames);
        }

        /** The innermost frame of application code, or null. */
        public Frame firstOwnFrame() {
            return frames.stream().filter(f -> !f.library()).findFirst().orElse(null);
        }

        public String label() {
            return "thread " + id + (name == null ? "" : " (" + name + ")");
        }
    }

    private final String id;
    private final Tool tool;
    private final List<Thread> threads;
    /** The threads in lock acquires, found once: the rules ask for them on every evaluation. */
    private final List<Thread> blocked;

    private final String program;
    private final Evidence evidence;

    public PythonThreads(String id, Tool tool, List<Thread> threads, String program, Evidence evidence) {
        this.id = id;
        this.tool = tool;
        this.threads = List.copyOf(threads);
        this.blocked = this.threads.stream()
                .filter(t -> t.activity() == Activity.LOCK_ACQUIRE)
                .toList();
        this.program = program;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public Tool getTool() {
        return tool;
    }

    public List<Thread> getThreads() {
        return threads;
    }

    public String getProgram() {
        return program;
    }

    public List<Thread> getBlocked() {
        return blocked;
    }

    public int getBlockedCount() {
        return getBlocked().size();
    }

    public int getRunningCount() {
        return (int)
                threads.stream().filter(t -> t.activity() == Activity.RUNNING).count();
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "PythonThreads[" + tool + " " + threads + "]";
    }
}
