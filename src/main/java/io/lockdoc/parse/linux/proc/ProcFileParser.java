package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.FdInfo;
import io.lockdoc.model.userspace.FdMount;
import io.lockdoc.model.userspace.FileLockEntry;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.TaskRow;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-task {@code /proc} files, named {@code proc/<pid>/FILE} or {@code proc/<pid>/task/<tid>/FILE}
 * (the path says which task): {@code stack}, {@code wchan}, {@code syscall}, {@code status},
 * {@code stat}, {@code cgroup} and {@code fdinfo/<fd>} (its {@code ino:} and {@code lock:} lines).
 */
public final class ProcFileParser implements Parser {
    private static final Pattern STACK =
            Pattern.compile("^\\[<[0-9a-fx]+>\\]\\s+([^+\\s]+)(?:\\+0x[0-9a-f]+/0x[0-9a-f]+)?");
    private static final Pattern STAT = Pattern.compile("^(\\d+) \\((.*)\\) ([A-Za-z]) (-?\\d+)");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer[] ids = Lines.procIds(artifact);
        String base = artifact.substring(artifact.replace('\\', '/').lastIndexOf('/') + 1);
        if (ids == null) {
            sink.problem(Lines.problem(
                    artifact,
                    0,
                    "cannot tell which task this /proc file belongs to: keep it as proc/<pid>/" + base
                            + " or proc/<pid>/task/<tid>/" + base));
            return;
        }
        int pid = ids[0];
        int tid = ids[1];
        if (ids[2] != null) {
            fdinfo(artifact, pid, ids[2], lines, sink);
            return;
        }
        List<String> all = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null && all.size() < 10_000) {
            try {
                all.add(line);
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (all.isEmpty()) {
            return;
        }
        int last = all.size();
        switch (base) {
            case "stack" -> {
                List<String> frames = new ArrayList<>();
                List<Evidence.QuotedLine> q = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    Matcher m = STACK.matcher(all.get(i));
                    if (m.find()) {
                        frames.add(m.group(1));
                        q.add(new Evidence.QuotedLine(i + 1, all.get(i)));
                    }
                }
                sink.fact(new ProcTask(
                        artifact,
                        ProcTask.Kind.STACK,
                        pid,
                        tid,
                        frames,
                        null,
                        null,
                        null,
                        Lines.span(artifact, 1, last, q)));
            }
            case "wchan" -> {
                String w = all.get(0).trim();
                sink.fact(new ProcTask(
                        artifact,
                        ProcTask.Kind.WCHAN,
                        pid,
                        tid,
                        null,
                        w.isEmpty() || w.equals("0") ? null : w,
                        null,
                        null,
                        Lines.at(artifact, 1, all.get(0))));
            }
            case "syscall" -> syscall(artifact, pid, tid, all.get(0), sink);
            case "cgroup" -> {
                String path = null;
                int at = 1;
                for (int i = 0; i < all.size(); i++) {
                    String l = all.get(i);
                    if (l.startsWith("0::")) {
                        path = l.substring(3);
                        at = i + 1;
                    }
                }
                if (path == null && !all.get(0).isBlank()) {
                    // cgroup v1: the freezer hierarchy's path
                    for (int i = 0; i < all.size(); i++) {
                        String[] p = all.get(i).split(":", 3);
                        if (p.length == 3 && p[1].contains("freezer")) {
                            path = p[2];
                            at = i + 1;
                        }
                    }
                }
                if (path != null) {
                    sink.fact(new ProcTask(
                            artifact,
                            ProcTask.Kind.CGROUP,
                            pid,
                            tid,
                            null,
                            path,
                            null,
                            null,
                            Lines.at(artifact, at, all.get(at - 1))));
                }
            }
            case "status" -> status(artifact, pid, tid, all, sink);
            case "stat" -> {
                Matcher m = STAT.matcher(all.get(0));
                if (m.find()) {
                    sink.fact(new TaskRow(
                            artifact,
                            "stat",
                            pid,
                            tid,
                            Integer.valueOf(m.group(4)),
                            m.group(3),
                            null,
                            m.group(2),
                            null,
                            null,
                            null,
                            Lines.at(artifact, 1, all.get(0))));
                } else {
                    sink.problem(Lines.problem(artifact, 1, "expected 'PID (comm) STATE PPID ...' in a stat file"));
                }
            }
            default -> {
                // comm, cmdline, maps, sched: not needed for the diagnosis
            }
        }
    }

    private static void syscall(String artifact, int pid, int tid, String line, FactSink sink) {
        String t = line.trim();
        Evidence ev = Lines.at(artifact, 1, line);
        if (t.startsWith("running") || t.equals("-1") || t.startsWith("-1 ")) {
            sink.fact(new ProcTask(
                    artifact,
                    ProcTask.Kind.SYSCALL,
                    pid,
                    tid,
                    null,
                    t.startsWith("running") ? "running" : "blocked outside a syscall",
                    null,
                    null,
                    ev));
            return;
        }
        String[] p = t.split("\\s+");
        try {
            int nr = Integer.parseInt(p[0]);
            List<Long> args = new ArrayList<>();
            for (int i = 1; i < p.length && i <= 6; i++) {
                args.add(Long.parseUnsignedLong(p[i].startsWith("0x") ? p[i].substring(2) : p[i], 16));
            }
            sink.fact(new ProcTask(artifact, ProcTask.Kind.SYSCALL, pid, tid, null, null, nr, args, ev));
        } catch (NumberFormatException e) {
            sink.problem(Lines.problem(
                    artifact, 1, "expected 'NR ARG0..ARG5 SP PC' or 'running' in a syscall file, found: " + t));
        }
    }

    private static void status(String artifact, int pid, int tid, List<String> all, FactSink sink) {
        String name = null;
        String state = null;
        Integer ppid = null;
        Integer tracer = null;
        Integer tgid = null;
        int stateLine = 1;
        for (int i = 0; i < all.size(); i++) {
            String l = all.get(i);
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String k = l.substring(0, colon);
            String v = l.substring(colon + 1).trim();
            switch (k) {
                case "Name" -> name = v;
                case "State" -> {
                    state = v.isEmpty() ? null : v.substring(0, 1);
                    stateLine = i + 1;
                }
                case "PPid" -> ppid = Lines.intOrNull(v);
                case "TracerPid" -> tracer = Lines.intOrNull(v);
                case "Tgid" -> tgid = Lines.intOrNull(v);
                default -> {}
            }
        }
        if (state == null) {
            sink.problem(Lines.problem(artifact, 0, "no 'State:' line in a status file"));
            return;
        }
        sink.fact(new TaskRow(
                artifact,
                "status",
                tgid == null ? pid : tgid,
                tid,
                ppid,
                state,
                null,
                name,
                null,
                null,
                tracer,
                Lines.at(artifact, stateLine, all.get(stateLine - 1))));
    }

    private static void fdinfo(String artifact, int pid, int fd, BoundedLineReader lines, FactSink sink)
            throws IOException {
        Long ino = null;
        int inoLine = 0;
        String inoText = null;
        Integer mnt = null;
        Integer connection = null;
        int mntLine = 0;
        String mntText = null;
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                if (line.startsWith("mnt_id:")) {
                    mnt = Lines.intOrNull(line.substring(7).trim());
                    if (connection == null) {
                        mntLine = n;
                        mntText = line;
                    }
                } else if (line.startsWith("fuse_connection:")) {
                    // an open /dev/fuse: the connection (device minor of its mount) this descriptor serves
                    connection = Lines.intOrNull(line.substring(16).trim());
                    mntLine = n;
                    mntText = line;
                } else if (line.startsWith("ino:")) {
                    try {
                        ino = Long.valueOf(line.substring(4).trim());
                        inoLine = n;
                        inoText = line;
                    } catch (NumberFormatException e) {
                        sink.problem(Lines.problem(artifact, n, "expected a number after 'ino:'"));
                    }
                } else if (line.startsWith("lock:")) {
                    FileLockEntry e = ProcLocksParser.parseLine(
                            artifact, n, line.substring(5).trim(), line, FileLockEntry.Source.FDINFO, pid, fd, sink);
                    if (e != null) {
                        sink.fact(e);
                    }
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (ino != null) {
            sink.fact(new FdInfo(artifact, pid, fd, ino, Lines.at(artifact, inoLine, inoText)));
        }
        if (mnt != null) {
            sink.fact(new FdMount(artifact + "#mnt", pid, fd, mnt, connection, Lines.at(artifact, mntLine, mntText)));
        }
    }
}
