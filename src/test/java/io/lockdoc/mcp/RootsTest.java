package io.lockdoc.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path argument is read only inside a --root, resolved to its real path. */
class RootsTest {
    @TempDir
    Path tmp;

    @Test
    void withNoRootEveryPathIsRefused() throws Exception {
        Path f = Files.writeString(tmp.resolve("dmesg.log"), "x");
        Roots none = Roots.of(List.of());
        assertThat(none.resolve(f.toString()).refusal())
                .isEqualTo("no folder is allowed: start the server with --root DIR to read files");
    }

    @Test
    void insideARootIsRead_relativeOrAbsolute() throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Path log = Files.writeString(b.resolve("dmesg.log"), "x");
        Roots roots = Roots.of(List.of(a, b));
        assertThat(roots.resolve(log.toString()).path()).isEqualTo(log.toRealPath());
        assertThat(roots.resolve("dmesg.log").refusal())
                .isEqualTo("dmesg.log: no such file or folder"); // relative: the first root
        Files.writeString(a.resolve("x.txt"), "y");
        assertThat(roots.resolve("x.txt").path()).isEqualTo(a.resolve("x.txt").toRealPath());
    }

    @Test
    void dotDotAndLinksOutAreRefusedEvenWhenTheyLandInside() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("in.log"), "x");
        Path secret = Files.writeString(tmp.resolve("secret"), "s");
        Files.createSymbolicLink(root.resolve("out"), secret);
        Files.createSymbolicLink(root.resolve("dirout"), tmp);
        Roots roots = Roots.of(List.of(root));
        assertThat(roots.resolve("sub/../in.log").refusal()).isEqualTo("'..' is not allowed in a path");
        assertThat(roots.resolve("out").refusal()).isEqualTo("out is outside the allowed folders (--root)");
        assertThat(roots.resolve("dirout/secret").refusal())
                .isEqualTo("dirout/secret is outside the allowed folders (--root)");
        assertThat(roots.resolve(secret.toString()).refusal()).endsWith("is outside the allowed folders (--root)");
        assertThat(roots.resolve(root.resolve("in.log").toString()).refusal()).isNull();
    }
}
