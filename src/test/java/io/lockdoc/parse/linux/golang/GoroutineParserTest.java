package io.lockdoc.parse.linux.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.GoroutineDump;
import io.lockdoc.model.userspace.GoroutineDump.Goroutine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go goroutine dumps: wait reasons, wait times, frames and the mutex each lock waiter wants. */
class GoroutineParserTest {
    private static List<GoroutineDump> parse(String fixture) {
        return Fixtures.parse(new GoroutineParser(), fixture, Fixtures.text("golang/" + fixture))
                .of(GoroutineDump.class);
    }

    @Test
    void theRuntimesDeadlockErrorWithTwoGoroutinesInMutexLock() {
        // captured here: go1.19, src/test/resources/programs/go/deadlock.go
        GoroutineDump d = parse("go-goroutines_runtime-deadlock-abba.txt").get(0);

        assertThat(d.isRuntimeDeadlock()).isTrue();
        assertThat(d.getGoroutines())
                .extracting(Goroutine::id, Goroutine::reason, Goroutine::minutes, Goroutine::mutex, Goroutine::line)
                .containsExactly(
                        tuple(1L, "semacquire", null, null, 3),
                        tuple(18L, "semacquire", null, "0xc0000a2010", 11),
                        tuple(19L, "semacquire", null, "0xc0000a2000", 23));
        assertThat(d.getLockWaiters())
                .extracting(g -> g.ownFrame().function() + " " + g.ownFrame().location())
                .containsExactly("main.transfer deadlock.go:19", "main.transfer deadlock.go:19");
        assertThat(d.getGoroutines().get(0).ownFrame().location()).isEqualTo("deadlock.go:31");
        assertThat(d.getEvidence().getFirstLine()).isEqualTo(1);
    }

    @Test
    void aSigquitDumpOfANewerGoNamesTheLockWaitAndHowLongItLasted() {
        GoroutineDump d = parse("go-goroutines_sigquit-mutex-wait.txt").get(0);

        assertThat(d.isRuntimeDeadlock()).isFalse();
        assertThat(d.getGoroutines())
                .extracting(Goroutine::id, Goroutine::reason, Goroutine::minutes, Goroutine::mutex)
                .containsExactly(
                        tuple(0L, "idle", null, null),
                        tuple(1L, "IO wait", 37, null),
                        tuple(34L, "sync.Mutex.Lock", 37, "0xc0000b6090"),
                        tuple(35L, "sync.Mutex.Lock", 36, "0xc0000b6090"),
                        tuple(21L, "chan send", 37, null));
        assertThat(d.getLongestLockWaitMinutes()).isEqualTo(37);
        // the standard library (net/http, internal/poll) is not the program's own code; a module path is
        assertThat(d.getGoroutines().get(1).ownFrame().function()).isEqualTo("main.main");
        assertThat(d.getGoroutines().get(2).ownFrame().function())
                .isEqualTo("example.com/inventory/store.(*Stock).Reserve");
        assertThat(d.getGoroutines().get(2).ownFrame().location()).isEqualTo("stock.go:57");
    }

    @Test
    void detectedByContentAndJunkGivesNoFactNorAnError() {
        assertThat(new FormatDetector()
                        .detect(
                                "paste.txt",
                                Fixtures.text("golang/go-goroutines_sigquit-mutex-wait.txt")
                                        .getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.GO_GOROUTINES);
        assertThat(Fixtures.parse(new GoroutineParser(), "x.txt", "goroutine one [x]:\n\tmain.go:1\n((((\n")
                        .of(GoroutineDump.class))
                .isEmpty();
    }
}
