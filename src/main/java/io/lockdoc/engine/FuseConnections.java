package io.lockdoc.engine;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import io.lockdoc.model.userspace.FdMount;
import io.lockdoc.model.userspace.MountEntry;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.model.userspace.TaskRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which FUSE connection a process waits on and which daemon serves it, from what the capture
 * proves: the process's open file on a FUSE mount ({@code fdinfo mnt_id:} -> mountinfo line ->
 * device {@code 0:N} = connection N) and the one process whose {@code /dev/fuse} descriptor serves
 * connection N ({@code fdinfo fuse_connection: N}, kernels 6.x); on an older kernel only a capture
 * with one FUSE mount and one process holding {@code /dev/fuse} proves it. Anything else is unknown:
 * holding {@code /dev/fuse} alone names a FUSE daemon, not the one a waiter waits for.
 */
final class FuseConnections {
    /** A proven connection or daemon, with the lines that prove it; or why it is not known. */
    record Answer(Integer value, List<Evidence> evidence, String why) {
        boolean known() {
            return value != null;
        }

        static Answer unknown(String why) {
            return new Answer(null, List.of(), why);
        }
    }

    private final Map<String, MountEntry> mounts = new HashMap<>();
    private final Map<Integer, List<FdMount>> filesOf = new HashMap<>();
    private final Map<Integer, List<FdMount>> servers = new TreeMap<>();
    private final Map<Integer, OpenFile> devFuse = new LinkedHashMap<>();
    private final List<MountEntry> fuseMounts = new ArrayList<>();
    private final Map<Integer, List<OpenFile>> openFiles = new HashMap<>();
    private final Map<Integer, TaskRow> commandLine = new HashMap<>();

    FuseConnections(List<? extends Fact> facts) {
        for (Fact f : facts) {
            if (f instanceof MountEntry m) {
                mounts.putIfAbsent(m.getSnapshot() + "\u0000" + m.getMountId(), m);
                if (m.isFuse()) {
                    fuseMounts.add(m);
                }
            } else if (f instanceof FdMount d) {
                filesOf.computeIfAbsent(d.getPid(), k -> new ArrayList<>()).add(d);
                if (d.getFuseConnection() != null) {
                    servers.computeIfAbsent(d.getFuseConnection(), k -> new ArrayList<>())
                            .add(d);
                }
            } else if (f instanceof OpenFile o) {
                if ("/dev/fuse".equals(o.getTarget())) {
                    devFuse.putIfAbsent(o.getPid(), o);
                } else if (o.getTarget().startsWith("/")) {
                    openFiles
                            .computeIfAbsent(o.getPid(), k -> new ArrayList<>())
                            .add(o);
                }
            } else if (f instanceof TaskRow r && r.getPid() != null && r.getArgs() != null) {
                commandLine.putIfAbsent(r.getPid(), r);
            }
        }
    }

    /** Processes that hold /dev/fuse open. */
    Set<Integer> daemons() {
        return devFuse.keySet();
    }

    /** The FUSE connection of the files {@code pid} has open, when it is exactly one. */
    Answer connectionOf(int pid) {
        List<FdMount> files = filesOf.getOrDefault(pid, List.of());
        if (files.isEmpty()) {
            return Answer.unknown("the capture has no fdinfo of pid " + pid + " (its files' mounts are not known)");
        }
        if (mounts.isEmpty()) {
            return Answer.unknown("the capture has no mountinfo (which mount is FUSE is not known)");
        }
        Map<Integer, List<Evidence>> found = new LinkedHashMap<>();
        for (FdMount d : files) {
            MountEntry m = mounts.get(d.getSnapshot() + "\u0000" + d.getMountId());
            if (m != null && m.isFuse()) {
                found.computeIfAbsent(m.getFuseConnection(), k -> new ArrayList<>(List.of(m.getEvidence())))
                        .add(0, d.getEvidence());
            }
        }
        if (found.isEmpty()) {
            return Answer.unknown("pid " + pid + " has no open file on a FUSE mount");
        }
        if (found.size() > 1) {
            return Answer.unknown("pid " + pid + " has files open on FUSE connections " + found.keySet()
                    + ": which one it waits on is not shown");
        }
        var e = found.entrySet().iterator().next();
        return new Answer(e.getKey(), dedupe(e.getValue()), null);
    }

    /** The mount point of FUSE {@code connection}, when one mount of the capture has it; else null. */
    String mountPointOf(int connection) {
        List<String> points = fuseMounts.stream()
                .filter(m -> m.getFuseConnection() != null && m.getFuseConnection() == connection)
                .map(MountEntry::getMountPoint)
                .distinct()
                .toList();
        return points.size() == 1 ? points.get(0) : null;
    }

    /** The process serving {@code connection}, when the capture proves it. */
    Answer daemonOf(int connection) {
        List<FdMount> serving = servers.getOrDefault(connection, List.of());
        Set<Integer> pids = new LinkedHashSet<>();
        serving.forEach(d -> pids.add(d.getPid()));
        if (pids.size() == 1) {
            return new Answer(pids.iterator().next(), List.of(serving.get(0).getEvidence()), null);
        }
        if (pids.size() > 1) {
            return Answer.unknown("processes " + pids + " all hold /dev/fuse descriptors of connection " + connection);
        }
        if (!servers.isEmpty()) {
            return Answer.unknown("no collected process holds the /dev/fuse of connection " + connection
                    + " (fdinfo fuse_connection:)");
        }
        // a kernel without fuse_connection: in fdinfo: only one mount and one daemon prove it
        if (fuseMounts.size() == 1 && devFuse.size() == 1 && fuseMounts.get(0).getFuseConnection() == connection) {
            var d = devFuse.entrySet().iterator().next();
            return new Answer(
                    d.getKey(),
                    List.of(fuseMounts.get(0).getEvidence(), d.getValue().getEvidence()),
                    null);
        }
        return Answer.unknown("which of "
                + (devFuse.isEmpty() ? "the FUSE daemons" : "the processes holding" + " /dev/fuse " + devFuse.keySet())
                + " serves connection " + connection + " is not shown");
    }

    /**
     * Without a mount table or connection numbers: the one daemon whose command line names a
     * directory holding a file {@code pid} has open (FUSE daemons take their mount point as an
     * argument: {@code sshfs host: /mnt/x}, {@code fuse_hang serve stall /tmp/.../mnt}).
     */
    Answer daemonNamingAFileOf(int pid) {
        List<OpenFile> files = openFiles.getOrDefault(pid, List.of());
        Map<Integer, List<Evidence>> found = new LinkedHashMap<>();
        for (int d : devFuse.keySet()) {
            TaskRow row = commandLine.get(d);
            if (row == null || d == pid) {
                continue;
            }
            for (String arg : row.getArgs().split("\\s+")) {
                String dir = arg.endsWith("/") ? arg.substring(0, arg.length() - 1) : arg;
                if (dir.length() < 2 || !dir.startsWith("/")) {
                    continue;
                }
                for (OpenFile o : files) {
                    if (o.getTarget().startsWith(dir + "/")) {
                        found.putIfAbsent(
                                d,
                                List.of(
                                        row.getEvidence(),
                                        o.getEvidence(),
                                        devFuse.get(d).getEvidence()));
                    }
                }
            }
        }
        if (found.size() == 1) {
            var e = found.entrySet().iterator().next();
            return new Answer(e.getKey(), e.getValue(), null);
        }
        return Answer.unknown(
                found.isEmpty()
                        ? "no FUSE daemon's command line names the directory of a file pid " + pid + " has open"
                        : "the command lines of " + found.keySet() + " all name a directory of its files");
    }

    private static List<Evidence> dedupe(List<Evidence> ev) {
        return List.copyOf(new LinkedHashSet<>(ev));
    }
}
