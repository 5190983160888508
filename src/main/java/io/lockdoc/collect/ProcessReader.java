package io.lockdoc.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code /proc} files of one chosen process: status, cgroup, fd links (as strings, never
 * followed) with their fdinfo, and status/stack/wchan/syscall of the chosen threads. Remembers
 * the collected tasks' cgroups for {@link CgroupStates}.
 */
final class ProcessReader {
    private static final List<String> TASK_FILES = List.of("status", "stack", "wchan", "syscall");

    private final Collection c;
    final Set<String> cgroups = new TreeSet<>();

    ProcessReader(Collection c) {
        this.c = c;
    }

    /** @param only the threads to read, null for all */
    void process(int pid, Set<Integer> only) throws IOException {
        Path pd = c.proc.resolve(Integer.toString(pid));
        String base = "proc/" + pid + "/";
        c.opt.onItem().accept(base);
        if (!Files.isDirectory(pd)) {
            c.miss("pid " + pid, "no such process");
            return;
        }
        c.copy(pd.resolve("status"), base + "status", Collector.MAX_PROC_FILE, pid);
        String cg = c.copy(pd.resolve("cgroup"), base + "cgroup", Collector.MAX_PROC_FILE, pid);
        if (cg != null) {
            for (String l : cg.split("\n")) {
                if (l.startsWith("0::/") && l.length() > 4 && cgroups.size() < Collector.MAX_CGROUPS) {
                    cgroups.add(l.substring(3).strip());
                }
            }
        }
        fds(pid, pd, base);
        List<Integer> tids = new ArrayList<>();
        if (only == null) {
            if (c.gone(pid)) {
                return;
            }
            c.opt.onItem().accept(base + "task/");
            var names = c.io.list(pd.resolve("task"), Collector.MAX_THREADS + 1);
            if (!names.ok()) {
                c.failed(pid, base + "task/", names.failure());
                return;
            }
            for (String n : names.value()) {
                if (n.chars().allMatch(Character::isDigit) && tids.size() < Collector.MAX_THREADS) {
                    tids.add(Integer.parseInt(n));
                }
            }
            if (names.value().size() > Collector.MAX_THREADS) {
                c.miss(
                        base + "task/",
                        "more than " + Collector.MAX_THREADS + " threads: only the first " + Collector.MAX_THREADS);
            }
        } else {
            tids.addAll(only);
        }
        for (int tid : tids) {
            for (String f : TASK_FILES) {
                c.copy(
                        pd.resolve("task/" + tid + "/" + f),
                        base + "task/" + tid + "/" + f,
                        Collector.MAX_PROC_FILE,
                        pid);
            }
        }
    }

    /** fd link targets as strings (never followed) and every fdinfo (its lock: and mnt_id: lines). */
    private void fds(int pid, Path pd, String base) throws IOException {
        if (c.gone(pid)) {
            return;
        }
        c.opt.onItem().accept(base + "fd.txt");
        var names = c.io.list(pd.resolve("fd"), Collector.MAX_FDS + 1);
        if (!names.ok()) {
            c.failed(pid, base + "fd/", names.failure());
            return;
        }
        StringBuilder links = new StringBuilder();
        int n = 0;
        for (String fd : names.value()) {
            if (n++ >= Collector.MAX_FDS) {
                c.miss(
                        base + "fd/",
                        "more than " + Collector.MAX_FDS + " open files: only the first " + Collector.MAX_FDS);
                break;
            }
            var l = c.io.readLink(pd.resolve("fd").resolve(fd));
            links.append(fd)
                    .append(" -> ")
                    .append(l.ok() ? l.value() : "? (" + l.failure() + ")")
                    .append('\n');
            c.copy(pd.resolve("fdinfo").resolve(fd), base + "fdinfo/" + fd, Collector.MAX_PROC_FILE, pid);
            if (c.gone(pid)) {
                return;
            }
        }
        if (!links.isEmpty()) {
            c.add(base + "fd.txt", links.toString());
        }
    }
}
