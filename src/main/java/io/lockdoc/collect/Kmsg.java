package io.lockdoc.collect;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of {@code /dev/kmsg}, rewritten as {@code dmesg} prints it ({@code [ sec.usec] text}).
 * Reading {@code /dev/kmsg} blocks once the buffer is drained, so the reader runs until its
 * deadline and is interrupted then (an interruptible channel unblocks); what it read is kept.
 */
final class Kmsg {
    private Kmsg() {}

    /** The records read before the deadline, or null (with the reason added to {@code tried}). */
    static byte[] snapshot(SafeIo io, Path dev, int max, List<String> tried) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        SafeIo.Result<Integer> r = io.bounded(() -> {
            try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
                int records = 0;
                while (text.size() < max && !Thread.currentThread().isInterrupted()) {
                    buf.clear();
                    int n;
                    try {
                        n = ch.read(buf);
                    } catch (java.io.IOException e) {
                        // EPIPE: a record was overwritten while reading; the next read goes on
                        if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                            continue;
                        }
                        throw e;
                    }
                    if (n <= 0) {
                        break;
                    }
                    String line = dmesgLine(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                    synchronized (text) {
                        text.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                    }
                    records++;
                }
                return records;
            }
        });
        synchronized (text) {
            if (text.size() > 0) {
                return text.toByteArray();
            }
        }
        tried.add("/dev/kmsg: " + (r.ok() ? "empty" : r.failure()));
        return null;
    }

    /** {@code 6,1234,5678901,-;text} (and dictionary lines) -> {@code [    5.678901] text}. */
    static String dmesgLine(String record) {
        int semi = record.indexOf(';');
        if (semi < 0) {
            return "";
        }
        String[] head = record.substring(0, semi).split(",");
        String body = record.substring(semi + 1);
        int nl = body.indexOf('\n');
        String msg = nl < 0 ? body : body.substring(0, nl);
        long usec;
        try {
            usec = head.length > 2 ? Long.parseLong(head[2]) : 0;
        } catch (NumberFormatException e) {
            usec = 0;
        }
        return String.format(Locale.ROOT, "[%5d.%06d] %s%n", usec / 1_000_000, usec % 1_000_000, msg)
                .replace("\\x0a", " ");
    }
}
