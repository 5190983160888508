package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.userspace.OpenFile;
import org.junit.jupiter.api.Test;

class FdLinksParserTest {

    @Test
    void readsEveryLinkWithThePidFromThePath() {
        var parsed = Fixtures.parse(
                new FdLinksParser(), "proc/6027/fd.txt", "0 -> /dev/null\n3 -> pipe:[71201]\n5 -> /dev/fuse\n");

        assertThat(parsed.of(OpenFile.class))
                .extracting(OpenFile::getPid, OpenFile::getFd, OpenFile::getTarget)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(6027, 0, "/dev/null"),
                        org.assertj.core.groups.Tuple.tuple(6027, 3, "pipe:[71201]"),
                        org.assertj.core.groups.Tuple.tuple(6027, 5, "/dev/fuse"));
        assertThat(parsed.of(OpenFile.class).get(2).getEvidence().getFirstLine())
                .isEqualTo(3);
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void aStrangeLineIsAProblemAndTheRestIsKept() {
        var parsed =
                Fixtures.parse(new FdLinksParser(), "proc/7/fd.txt", "0 -> /dev/null\ngarbage here\n1 -> /tmp/x\n");

        assertThat(parsed.of(OpenFile.class)).hasSize(2);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).isEqualTo("expected 'FD -> TARGET', got: garbage here");
        });
    }

    @Test
    void withoutAPidInThePathItSaysWhereToPutTheFile() {
        var parsed = Fixtures.parse(new FdLinksParser(), "fd.txt", "0 -> /dev/null\n");

        assertThat(parsed.of(OpenFile.class)).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("proc/<pid>/fd.txt"));
    }
}
