package io.lockdoc.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one collection that its parts share: the bounded reader, the archive being
 * written, what could not be collected, notes, the log lines of the attach guard and the
 * processes that exited meanwhile.
 */
final class Collection {
    final SafeIo io;
    final BundleWriter out;
    final Collector.Options opt;
    final Path proc;
    final List<Collector.Miss> misses = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** What the guard decided and did around gdb/jstack, and which runs would prove a user-space wait. */
    final List<String> actions = new ArrayList<>();

    private final Set<Integer> gone = new LinkedHashSet<>();

    Collection(SafeIo io, BundleWriter out, Collector.Options opt) {
        this.io = io;
        this.out = out;
        this.opt = opt;
        this.proc = opt.procRoot();
    }

    boolean gone(int pid) {
        return gone.contains(pid);
    }

    /**
     * Copies one file; returns its text or null. A file of a process that is gone makes one
     * line for the process, not one per file.
     *
     * @param pid the process the file belongs to, null for a host-wide file
     */
    String copy(Path from, String name, int max, Integer pid) throws IOException {
        if (pid != null && gone.contains(pid)) {
            return null;
        }
        opt.onItem().accept(name);
        var r = io.read(from, max + 1);
        if (!r.ok()) {
            if (pid != null) {
                failed(pid, name, r.failure());
            } else {
                miss(name, r.failure());
            }
            return null;
        }
        byte[] data = r.value();
        if (data.length > max) {
            data = java.util.Arrays.copyOf(data, max);
            miss(name, "longer than " + max + " bytes: cut");
        }
        if (data.length == 0) {
            return "";
        }
        out.add(name, data);
        return new String(data, StandardCharsets.UTF_8);
    }

    void add(String name, String text) throws IOException {
        out.add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    void failed(int pid, String name, String why) {
        if (!Files.isDirectory(proc.resolve(Integer.toString(pid)))) {
            gone.add(pid);
            miss("pid " + pid, "exited during collection (at " + name + "); what was read before is kept");
        } else {
            miss(name, why);
        }
    }

    void miss(String item, String why) {
        misses.add(new Collector.Miss(item, why));
    }
}
