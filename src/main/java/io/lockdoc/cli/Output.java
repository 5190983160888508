package io.lockdoc.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a command writes its data: stdout or {@code -o FILE}. A {@link PrintStream} swallows write
 * errors (a full disk, {@code > /dev/full}, a closed pipe), so {@link #failed} asks it, and names the
 * cause when the stream is one of ours.
 */
final class Output implements AutoCloseable {
    private final PrintStream stream;
    private final String where;
    private final Recorder recorder; // null for stdout, whose PrintStream is not ours
    private final boolean owned;

    private Output(PrintStream stream, String where, Recorder recorder, boolean owned) {
        this.stream = stream;
        this.where = where;
        this.recorder = recorder;
        this.owned = owned;
    }

    static Output stdout(PrintStream out) {
        return new Output(out, "standard output", null, false);
    }

    static Output file(Path file) throws IOException {
        Recorder r = new Recorder(new FileOutputStream(file.toFile()));
        return new Output(
                new PrintStream(new BufferedOutputStream(r, 64 * 1024), false, StandardCharsets.UTF_8),
                file.toString(),
                r,
                true);
    }

    PrintStream stream() {
        return stream;
    }

    /** Flushes; true, after one line on {@code err}, when any write so far failed. */
    boolean failed(PrintStream err) {
        if (!stream.checkError()) {
            return false;
        }
        IOException cause = recorder == null ? null : recorder.first;
        err.println("lockdoc: cannot write to " + where
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "; the output is incomplete");
        return true;
    }

    /** Closes a file (stdout stays open); true, after one line on {@code err}, when a write failed. */
    boolean closeFailed(PrintStream err) {
        if (owned) {
            stream.close();
        }
        return failed(err);
    }

    @Override
    public void close() {
        if (owned) {
            stream.close();
        }
    }

    /** Keeps the first write error, which PrintStream would drop. */
    private static final class Recorder extends FilterOutputStream {
        private IOException first;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                first = first == null ? e : first;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                first = first == null ? e : first;
                throw e;
            }
        }
    }
}
