package io.lockdoc.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns what the user named (a file, a folder, or {@code -} for stdin) into artifacts, in a
 * stable order. Links are not followed, and a folder yields at most {@link #MAX_FILES} files.
 */
public final class Inputs {
    public static final int MAX_FILES = 20_000;
    public static final int MAX_DEPTH = 16;
    /** Environment variable overriding {@link #MAX_STDIN_BYTES}, in MiB. */
    public static final String MAX_STDIN_ENV = "LOCKDOC_MAX_STDIN_MB";
    /** At most this much of stdin is read (2 GiB): an endless pipe must end. */
    public static final long MAX_STDIN_BYTES = 2048L * 1024 * 1024;

    /**
     * An artifact, or an entry that could not become one and why; {@code problem} is set when the
     * entry is damaged or cut (a corrupt archive entry), not merely of no interest.
     */
    public record Entry(Artifact artifact, String name, String skipReason, String problem) {
        public Entry(Artifact artifact, String name, String skipReason) {
            this(artifact, name, skipReason, null);
        }

        static Entry error(String name, String message) {
            return new Entry(null, name, message, message);
        }
    }

    private Inputs() {}

    /** An in-memory artifact, e.g. a diagnostic pasted into a ticket. */
    public static Entry bytes(String name, byte[] content) {
        return new Entry(new BytesArtifact(name, content), name, null);
    }

    /** A file confined to {@code root}: a path that escapes it (.., links) is refused with a reason. */
    public static Entry confined(Path root, String relative) {
        try {
            Path base = root.toRealPath();
            Path p = base.resolve(relative).normalize();
            if (!p.startsWith(base)) {
                return new Entry(null, relative, "outside the allowed attachment directory " + root);
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return new Entry(null, relative, "no such file in " + root);
            }
            if (!p.toRealPath().startsWith(base)) {
                return new Entry(null, relative, "a link pointing outside the allowed attachment directory " + root);
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                return new Entry(null, relative, "not a readable regular file");
            }
            int links = hardLinks(p);
            if (links > 1) {
                return new Entry(
                        null,
                        relative,
                        "a hard link (" + links + " names), which may point outside the allowed attachment directory "
                                + root);
            }
            return file(relative, p);
        } catch (IOException e) {
            return new Entry(null, relative, "cannot read: " + e.getMessage());
        }
    }

    public static List<Entry> resolve(String path, InputStream stdin) throws InputException {
        return resolve(path, stdin, maxStdin(System.getenv(MAX_STDIN_ENV)));
    }

    /** @param maxStdinBytes how much of stdin is read at most */
    public static List<Entry> resolve(String path, InputStream stdin, long maxStdinBytes) throws InputException {
        if ("-".equals(path)) {
            return List.of(new Entry(new StreamArtifact("-", stdin, maxStdinBytes), "-", null));
        }
        Path p = Path.of(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(path + ": no such file or directory");
        }
        if (Files.isDirectory(p)) {
            return BundleLayout.apply(folder(p));
        }
        if (!Files.isReadable(p)) {
            throw new InputException(path + ": permission denied");
        }
        if (!Files.isRegularFile(p)) {
            throw new InputException(path + ": not a regular file");
        }
        if (Archives.isArchive(p.getFileName().toString())) {
            return BundleLayout.apply(Archives.read(p));
        }
        return List.of(file(p.getFileName().toString(), p));
    }

    private static List<Entry> folder(Path root) throws InputException {
        Listing listing = new Listing();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, listing);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InputException(root + ": cannot list folder: " + e.getMessage());
        }
        if (listing.unlisted.containsKey(root)) {
            throw new InputException(root + ": cannot list folder: " + listing.unlisted.get(root));
        }
        List<Entry> out = new ArrayList<>();
        listing.files.sort(null);
        for (Path f : listing.files) {
            String rel = relative(root, f);
            if (out.size() >= MAX_FILES) {
                out.add(new Entry(
                        null, rel, "more than " + MAX_FILES + " files in the folder; the rest were not read"));
                break;
            }
            if (Files.isSymbolicLink(f)) {
                out.add(new Entry(null, rel, "symbolic link, not followed"));
            } else if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new Entry(null, rel, "not a regular file"));
            } else if (!Files.isReadable(f)) {
                out.add(new Entry(null, rel, "permission denied"));
            } else {
                out.add(file(rel, f));
            }
        }
        if (!listing.tooDeep.isEmpty()) {
            listing.tooDeep.sort(null);
            int more = listing.tooDeep.size() - 1;
            out.add(Entry.error(
                    relative(root, listing.tooDeep.get(0)),
                    "folder " + MAX_DEPTH + " levels down: what it holds is deeper than the limit and not read"
                            + (more > 0 ? " (nor what " + more + " other folder(s) at that depth hold)" : "")));
        }
        listing.unlisted.forEach((p, why) -> out.add(Entry.error(relative(root, p), "cannot list: " + why)));
        if (out.isEmpty()) {
            throw new InputException(root + ": the folder is empty");
        }
        return out;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** What a bounded walk found: files, folders at the depth limit (not entered), folders it could not list. */
    private static final class Listing extends SimpleFileVisitor<Path> {
        final List<Path> files = new ArrayList<>();
        final List<Path> tooDeep = new ArrayList<>();
        final java.util.Map<Path, String> unlisted = new java.util.TreeMap<>();

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // the walk hands over a folder it does not enter, at the depth limit, as a file
            (attrs.isDirectory() ? tooDeep : files).add(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            unlisted.put(file, String.valueOf(e.getMessage()));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                unlisted.put(dir, String.valueOf(e.getMessage()));
            }
            return FileVisitResult.CONTINUE;
        }
    }

    static long maxStdin(String mib) {
        try {
            return mib == null || mib.isBlank() ? MAX_STDIN_BYTES : Math.max(1, Long.parseLong(mib.strip())) << 20;
        } catch (NumberFormatException e) {
            return MAX_STDIN_BYTES;
        }
    }

    /** How many names the file has; 1 where the file system does not say. */
    private static int hardLinks(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    private static Entry file(String name, Path p) {
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            size = -1;
        }
        return new Entry(new FileArtifact(name, p, size), name, null);
    }
}
