package io.lockdoc.kb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:fulldisk:/path}) over the real disk whose writes fail with
 * ENOSPC's message once a byte budget is spent: a full disk without filling one.
 */
public final class FullDiskFilePath extends FilePathWrapper {
    private static final AtomicLong BUDGET = new AtomicLong(Long.MAX_VALUE);
    private static final java.util.concurrent.atomic.AtomicInteger STORE_OPENS =
            new java.util.concurrent.atomic.AtomicInteger();

    static {
        FilePath.register(new FullDiskFilePath());
    }

    /** Registers the scheme (once per JVM), lifts the limit and starts counting opens afresh. */
    public static void install() {
        BUDGET.set(Long.MAX_VALUE);
        STORE_OPENS.set(0);
    }

    /** How many times H2 opened a database file ({@code .mv.db}) here since {@link #install}. */
    public static int storeOpens() {
        return STORE_OPENS.get();
    }

    /** From now on, writes may add up to {@code bytes} more; the next one past that fails. */
    public static void allow(long bytes) {
        BUDGET.set(bytes);
    }

    @Override
    public String getScheme() {
        return "fulldisk";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (getName().endsWith(".mv.db")) {
            STORE_OPENS.incrementAndGet();
        }
        return new Channel(getBase().open(mode));
    }

    private static void spend(int bytes) throws IOException {
        if (BUDGET.addAndGet(-bytes) < 0) {
            BUDGET.set(0);
            throw new IOException("No space left on device");
        }
    }

    private static final class Channel extends FileBase {
        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public synchronized int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            spend(src.remaining());
            return base.write(src);
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            spend(src.remaining());
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
