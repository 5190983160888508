package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Problem;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.SyscallResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

class StracePendingCapTest {
    /** {@code n} threads each left in a contended FUTEX_WAIT, generated as they are read. */
    private static InputStream futexWaits(int n) {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            int i;

            @Override
            public boolean hasMoreElements() {
                return i < n;
            }

            @Override
            public InputStream nextElement() {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 1000 && i < n; k++, i++) {
                    sb.append("[pid ")
                            .append(10_000 + i)
                            .append("] futex(0x7f00")
                            .append(String.format("%08x", i))
                            .append(", FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>\n");
                }
                return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void twoMillionUnfinishedFutexWaitsKeepTheFirstHundredThousandAndCountTheRest() {
        Fixtures.Parsed p = Fixtures.parse(new StraceParser(), "strace.txt", futexWaits(2_000_000));

        assertThat(p.of(SyscallResult.class)).hasSize(StraceParser.MAX_PENDING);
        assertThat(p.of(LockEdge.class)).hasSize(StraceParser.MAX_PENDING);
        assertThat(p.problems())
                .extracting(Problem::describe)
                .containsExactly("strace.txt: 1900000 unfinished lock call(s) were not followed: 100000 were"
                        + " already unfinished at once [LD-E007]");
    }

    @Test
    void aCallThatResumesMakesRoomForTheNext() {
        String trace = "[pid 1] futex(0x10, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>\n"
                + "[pid 2] futex(0x20, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>\n"
                + "[pid 3] futex(0x30, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>\n"
                + "[pid 1] <... futex resumed>) = 0\n"
                + "[pid 4] futex(0x40, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>\n";

        Fixtures.Parsed p = Fixtures.parse(new StraceParser(2), "strace.txt", trace);

        assertThat(p.of(LockEdge.class)).extracting(LockEdge::getTid).containsExactly(2, 4);
        assertThat(p.problems())
                .extracting(Problem::message)
                .containsExactly("1 unfinished lock call(s) were not followed: 2 were already unfinished at once");
    }
}
