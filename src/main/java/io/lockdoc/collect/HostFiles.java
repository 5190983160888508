package io.lockdoc.collect;

import io.lockdoc.ingest.BundleLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host-wide items: kernel log, thread table, hung-task settings, lockdep files. */
final class HostFiles {
    private final Collection c;

    HostFiles(Collection c) {
        this.c = c;
    }

    /** dmesg, else a snapshot of /dev/kmsg, else journalctl -k. */
    void kernelLog() throws IOException {
        String name = BundleLayout.OWN_KERNEL_LOG;
        if (!c.opt.hostCommands()) {
            return;
        }
        c.opt.onItem().accept(name);
        List<String> tried = new ArrayList<>();
        SafeIo.Output d = c.io.run(List.of("dmesg"), c.opt.commandTimeout(), Collector.MAX_TEXT);
        if (d.failure() == null && d.stdout().length > 0) {
            c.out.add(name, d.stdout());
            return;
        }
        tried.add("dmesg: " + (d.failure() == null ? "empty output" : d.failure()));
        byte[] kmsg = Kmsg.snapshot(c.io, Path.of("/dev/kmsg"), Collector.MAX_TEXT, tried);
        if (kmsg != null) {
            c.out.add(name, kmsg);
            c.notes.add("kernel log read from /dev/kmsg (" + tried.get(0) + ")");
            return;
        }
        SafeIo.Output j = c.io.run(
                List.of("journalctl", "-k", "-b", "--no-pager", "-o", "short-monotonic"),
                c.opt.commandTimeout(),
                Collector.MAX_TEXT);
        if (j.stdout().length > 0 && j.failure() == null) {
            c.out.add(name, j.stdout());
            c.notes.add("kernel log read from journalctl -k (" + String.join("; ", tried) + ")");
            return;
        }
        tried.add("journalctl -k: " + (j.failure() == null ? "empty output" : j.failure()));
        c.miss(name, String.join("; ", tried));
    }

    /** ps -eLo with wait channels; when ps does not answer, the same table built from /proc. */
    String processTable() throws IOException {
        if (c.opt.hostCommands()) {
            c.opt.onItem().accept(BundleLayout.OWN_PS);
            SafeIo.Output p = c.io.run(
                    List.of("ps", "-eLo", "pid,tid,ppid,stat,wchan:32,comm,args", "-ww"),
                    c.opt.commandTimeout(),
                    Collector.MAX_TEXT);
            if (p.failure() == null && p.stdout().length > 0) {
                c.out.add(BundleLayout.OWN_PS, p.stdout());
                return new String(p.stdout(), StandardCharsets.UTF_8);
            }
            c.notes.add("ps -eLo: " + (p.failure() == null ? "empty output" : p.failure())
                    + "; the thread table was built from /proc/<pid>/task/<tid>/stat");
        }
        c.opt.onItem().accept(BundleLayout.OWN_PS_FROM_PROC);
        String table = ProcTable.build(c.io, c.proc, c.misses);
        if (table == null) {
            return null;
        }
        c.add(BundleLayout.OWN_PS_FROM_PROC, table);
        return table;
    }

    void hungTaskSysctls() throws IOException {
        Path dir = c.proc.resolve("sys/kernel");
        var names = c.io.list(dir, 4096);
        if (!names.ok()) {
            c.miss(BundleLayout.OWN_SYSCTL, names.failure());
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names.value()) {
            if (!n.startsWith("hung_task_")) {
                continue;
            }
            var v = c.io.read(dir.resolve(n), 4096);
            if (v.ok()) {
                sb.append("kernel.")
                        .append(n)
                        .append(" = ")
                        .append(new String(v.value(), StandardCharsets.UTF_8).strip())
                        .append('\n');
            } else {
                c.miss("kernel." + n, v.failure());
            }
        }
        if (sb.isEmpty()) {
            c.notes.add("no kernel.hung_task_* settings (kernel without CONFIG_DETECT_HUNG_TASK)");
            return;
        }
        c.add(BundleLayout.OWN_SYSCTL, sb.toString());
    }

    void lockdep() throws IOException {
        var names = c.io.list(c.proc, 1_000_000);
        if (!names.ok()) {
            c.miss("proc/lockdep*", names.failure());
            return;
        }
        boolean any = false;
        for (String n : names.value()) {
            if (n.startsWith("lockdep")) {
                any = true;
                c.copy(c.proc.resolve(n), "proc/" + n, Collector.MAX_TEXT, null);
            }
        }
        if (!any) {
            c.notes.add("no /proc/lockdep* (kernel without CONFIG_LOCKDEP)");
        }
    }
}
