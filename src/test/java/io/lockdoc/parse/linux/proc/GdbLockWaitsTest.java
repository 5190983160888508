package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.GdbLockWaits;
import io.lockdoc.model.userspace.LockEdge;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gdb in the shapes people paste it: each lock-waiting thread, its lock where printed, its own frame. */
class GdbLockWaitsTest {
    private static Fixtures.Parsed parse(String fixture) {
        return Fixtures.parse(new GdbParser(), "paste.txt", Fixtures.text("userspace/" + fixture));
    }

    private static GdbLockWaits waits(String fixture) {
        return parse(fixture).of(GdbLockWaits.class).get(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gdb_info-threads-lock-waits.txt",
                "gdb_info-threads-old-format.txt",
                "gdb_bt-cpp-lock-guard-cut.txt",
                "gdb_session-owner-switch.txt"
            })
    void eachShapeIsDetectedAsGdb(String fixture) {
        byte[] text = Fixtures.text("userspace/" + fixture).getBytes(StandardCharsets.UTF_8);
        assertThat(new FormatDetector().detect("paste.txt", text).type()).isEqualTo(ArtifactType.GDB);
    }

    @Test
    void infoThreadsRowsInALockWaitAreWaitersOutOfEveryThreadShown() {
        GdbLockWaits w = waits("gdb_info-threads-lock-waits.txt");

        assertThat(w.getThreadsShown()).isEqualTo(4);
        assertThat(w.getProcess()).isEqualTo("indexer");
        assertThat(w.getWaiters())
                .extracting(GdbLockWaits.Waiter::tid, GdbLockWaits.Waiter::waitFunction, GdbLockWaits.Waiter::address)
                .containsExactly(tuple(8101, "__lll_lock_wait", null), tuple(8102, "__lll_lock_wait", null));
        assertThat(w.getWaiters().get(0).evidence().getFirstLine()).isEqualTo(4);
    }

    @Test
    void theOldInfoThreadsFormatWithPlainThreadIds() {
        GdbLockWaits w = waits("gdb_info-threads-old-format.txt");

        assertThat(w.getThreadsShown()).isEqualTo(4);
        assertThat(w.getWaiters()).extracting(GdbLockWaits.Waiter::tid).containsExactly(2302, 2303, 2300);
    }

    @Test
    void aCppLockGuardNamesTheMutexFromTheWrapperFrameAndTheOwnFrameAboveIt() {
        Fixtures.Parsed p = parse("gdb_bt-cpp-lock-guard-cut.txt");
        GdbLockWaits.Waiter t = p.of(GdbLockWaits.class).get(0).getWaiters().get(0);

        assertThat(t)
                .extracting(
                        GdbLockWaits.Waiter::tid,
                        GdbLockWaits.Waiter::thread,
                        GdbLockWaits.Waiter::address,
                        GdbLockWaits.Waiter::symbol,
                        GdbLockWaits.Waiter::ownFunction,
                        GdbLockWaits.Waiter::ownLocation)
                .containsExactly(4402, "tuner", "0xa9a360", "registry_mutex", "channel_close", "channel.cpp:212");
        assertThat(p.of(LockEdge.class))
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getAddress, LockEdge::getLabel)
                .containsExactly(tuple(LockEdge.Relation.WAITS, 4402, "0xa9a360", "registry_mutex"));
    }

    @Test
    void aPrintedMutexOwnerAndAThreadSwitchInAnInteractiveSession() {
        Fixtures.Parsed p = parse("gdb_session-owner-switch.txt");

        assertThat(p.of(LockEdge.class))
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getAddress)
                .containsExactly(tuple(LockEdge.Relation.HOLDS, 7321, "0x7ffff6c296a0"));
        assertThat(p.of(GdbLockWaits.class).get(0).getWaiters())
                .extracting(GdbLockWaits.Waiter::tid, GdbLockWaits.Waiter::waitFunction)
                .containsExactly(tuple(7321, "__lll_lock_wait"));
    }
}
