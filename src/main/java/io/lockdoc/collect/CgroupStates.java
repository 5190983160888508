package io.lockdoc.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code cgroup.freeze} / {@code cgroup.events} of the collected tasks' cgroups (v2), read below
 * the cgroup v2 root that {@code /proc/self/mountinfo} names (it is not always
 * {@code /sys/fs/cgroup}: a hybrid host mounts it at {@code /sys/fs/cgroup/unified}). In the
 * bundle they are filed under the logical {@code sys/fs/cgroup/<group>/}.
 */
final class CgroupStates {
    private CgroupStates() {}

    static void read(Collection c, Set<String> cgroups, Path root) throws IOException {
        if (root == null) {
            if (!cgroups.isEmpty()) {
                c.notes.add("no cgroup2 mount in /proc/self/mountinfo: cgroup freeze state not read");
            }
            return;
        }
        for (String cg : cgroups) {
            String rel = cg.substring(1);
            if (rel.isEmpty() || List.of(rel.split("/")).contains("..")) {
                continue;
            }
            for (String f : List.of("cgroup.freeze", "cgroup.events")) {
                c.copy(root.resolve(rel).resolve(f), "sys/fs/cgroup/" + rel + "/" + f, 4096, null);
            }
        }
    }

    /**
     * The mount point of the cgroup2 file system whose root is the hierarchy's root, from
     * mountinfo text ({@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS] - FSTYPE SOURCE SUPER}).
     */
    static String cgroup2Root(String mountinfo) {
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] head = line.substring(0, dash).split(" ");
            String[] tail = line.substring(dash + 3).split(" ");
            if (head.length >= 5 && tail.length >= 1 && tail[0].equals("cgroup2") && head[3].equals("/")) {
                return unescape(head[4]);
            }
        }
        return null;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
