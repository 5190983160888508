package io.lockdoc.kb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default database in {@code ~/.lockdoc}: a folder only its owner can enter (0700), an H2 file
 * whose admin password is random and kept in {@code db.password} (0600) beside it. Other local
 * users can neither read the files nor log in to the loopback server that AUTO_SERVER starts.
 */
public final class PrivateHome {
    public static final String PASSWORD_FILE = "db.password";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** URL -> the folder it lives in, for the URLs made here (their password may be migrated). */
    private static final Map<String, Path> HOMES = new ConcurrentHashMap<>();

    private PrivateHome() {}

    /** Makes the folder private, reads or creates its password and returns the database URL. */
    public static String url(Path home) throws IOException {
        Files.createDirectories(home);
        if (posix(home)) {
            Files.setPosixFilePermissions(home, OWNER_ONLY_DIR);
        }
        String password = password(home.resolve(PASSWORD_FILE));
        // AUTO_SERVER (loopback, password) rather than FILE_LOCK alone: with a bare file lock a second batch fails
        String url = "jdbc:h2:file:" + home.resolve("lockdoc").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;USER=sa;PASSWORD=" + password;
        HOMES.put(url, home);
        return url;
    }

    /** Whether lockdoc made this URL (and so may set its password on a database created without one). */
    static boolean owns(String url) {
        return HOMES.containsKey(url);
    }

    /** H2 creates its files with the umask's permissions: take the others' bits away once they exist. */
    static void tighten(String url) {
        Path home = HOMES.get(url);
        if (home == null || !posix(home)) {
            return;
        }
        try (var files = Files.list(home)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("lockdoc.")
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(f, OWNER_ONLY_FILE);
                }
            }
        } catch (IOException e) {
            // a file H2 just renamed or deleted: the 0700 folder still keeps others out
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The password in {@code file}, created atomically (link, never overwritten) when there is none. */
    private static String password(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path tmp = posix(file)
                    ? Files.createTempFile(
                            file.getParent(),
                            ".db.password",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(file.getParent(), ".db.password", ".tmp");
            try {
                Files.writeString(tmp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
                Files.createLink(file, tmp); // fails if another process made one first: then that one is read
            } catch (FileAlreadyExistsException raced) {
                // another lockdoc created it between the check and the link
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        if (posix(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
        String p = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!p.matches("[0-9a-f]{64}")) {
            throw new IOException(file + " does not hold a lockdoc database password");
        }
        return p;
    }
}
