package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.parse.Parsers;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Go runtime's deadlock verdict is proven; goroutines waiting minutes on a mutex are a stall. */
class GoRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String name, String text) {
        return engine.diagnose(
                Fixtures.parse(Parsers.forType(ArtifactType.GO_GOROUTINES).orElseThrow(), name, text)
                        .facts());
    }

    private static List<Finding> fixture(String fixture) {
        return diagnose(fixture, Fixtures.text("golang/" + fixture));
    }

    @Test
    void theRuntimesVerdictIsAGoRuntimeDeadlockBlamingTheFirstLockWaitersOwnFrame() {
        List<Finding> fs = fixture("go-goroutines_runtime-deadlock-abba.txt");

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.getCause().id()).isEqualTo("go-runtime-deadlock");
        assertThat(f.getConfidence()).isEqualTo(0.95);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("main.transfer", null, "goroutine 18", "deadlock.go:19"));
        assertThat(f.getSummary())
                .isEqualTo("Go runtime deadlock: all 3 goroutines are asleep (the runtime said so); 2 wait to lock"
                        + " 2 mutexes 0xc0000a2010, 0xc0000a2000 at main.transfer (deadlock.go:19)");
        assertThat(f.getParticipants())
                .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                .extracting(Participant::name)
                .containsExactly("sync.Mutex 0xc0000a2010", "sync.Mutex 0xc0000a2000");
    }

    @Test
    void goroutinesWaitingMinutesOnOneMutexAreAStall() {
        List<Finding> fs = fixture("go-goroutines_sigquit-mutex-wait.txt");

        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.getCause().id()).isEqualTo("goroutine-lock-stall");
            assertThat(f.getConfidence()).isEqualTo(0.6);
            assertThat(f.getCulprit().function()).isEqualTo("example.com/inventory/store.(*Stock).Reserve");
            assertThat(f.getCulprit().location()).isEqualTo("stock.go:57");
            assertThat(f.getBindings())
                    .containsEntry("minutes", "37")
                    .containsEntry("lockA", "sync.Mutex 0xc0000b6090")
                    .containsEntry("holderGoroutine", "21");
            // goroutine 21 sends on a channel inside Reserve on the same Stock: probably the one holding its mutex
            assertThat(f.getSummary())
                    .endsWith("goroutine 21 [chan send] in example.com/inventory/store.(*Stock).Reserve at stock.go:63"
                            + " works on the same 0xc0000b6090 without waiting for it: probably the holder");
        });
    }

    @Test
    void nearMissTheSameWaitsWithoutWaitTimesAreContentionAtOneMomentNotAStall() {
        String snapshot =
                Fixtures.text("golang/go-goroutines_sigquit-mutex-wait.txt").replaceAll(", 3\\d minutes\\]", "]");

        assertThat(diagnose("goroutines.txt", snapshot)).isEmpty();
    }
}
