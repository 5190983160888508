package io.lockdoc.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a client may read through a {@code path} argument ({@code --root DIR}, repeatable). A path is
 * taken as given (absolute) or relative to the first root; {@code ..} is refused outright, and the real path
 * (links resolved) must lie inside a root's real path. With no root every path is refused.
 */
final class Roots {
    private final List<Path> real;

    private Roots(List<Path> real) {
        this.real = List.copyOf(real);
    }

    /** @throws IOException when a root does not exist or is not a folder */
    static Roots of(List<Path> dirs) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path d : dirs) {
            Path r = d.toRealPath();
            if (!Files.isDirectory(r)) {
                throw new IOException(d + " is not a folder");
            }
            real.add(r);
        }
        return new Roots(real);
    }

    List<Path> all() {
        return real;
    }

    /** The real path to read, or a refusal saying why. */
    Resolved resolve(String arg) {
        if (real.isEmpty()) {
            return Resolved.refused("no folder is allowed: start the server with --root DIR to read files");
        }
        if (arg == null || arg.isBlank()) {
            return Resolved.refused("empty path");
        }
        if (arg.indexOf('\0') >= 0) {
            return Resolved.refused("a path may not contain NUL");
        }
        Path given;
        try {
            given = Path.of(arg);
        } catch (java.nio.file.InvalidPathException e) {
            return Resolved.refused("not a path: " + e.getReason());
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                return Resolved.refused("'..' is not allowed in a path");
            }
        }
        Path p = given.isAbsolute()
                ? given.normalize()
                : real.get(0).resolve(given).normalize();
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Resolved.refused(arg + ": no such file or folder");
        }
        Path target;
        try {
            target = p.toRealPath();
        } catch (IOException e) {
            return Resolved.refused(arg + ": cannot resolve: " + e.getMessage());
        }
        for (Path root : real) {
            if (target.startsWith(root)) {
                return new Resolved(target, null);
            }
        }
        return Resolved.refused(arg + " is outside the allowed folders (--root)");
    }

    /** @param refusal null when {@code path} may be read */
    record Resolved(Path path, String refusal) {
        static Resolved refused(String why) {
            return new Resolved(null, why);
        }
    }
}
