package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM's deadlock listing without the dump: threads known only by name, one edge pair per wait. */
class JvmDeadlockSectionTest {
    private static List<LockEdge> edges(String fixture) {
        return Fixtures.parse(new JstackParser(), "paste.txt", Fixtures.text("paste/" + fixture))
                .of(LockEdge.class);
    }

    @Test
    void theListingAloneGivesAWaitAndAHoldPerThreadWithIdsBelowZero() {
        assertThat(new FormatDetector()
                        .detect(
                                "paste.txt",
                                Fixtures.text("paste/jstack_deadlock-section-only.txt")
                                        .getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.JSTACK);
        assertThat(edges("jstack_deadlock-section-only.txt"))
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getThread, LockEdge::getAddress)
                .containsExactly(
                        tuple(LockEdge.Relation.WAITS, -1, "worker-A", "0x000000071a2b3c40"),
                        tuple(LockEdge.Relation.HOLDS, -2, "worker-B", "0x000000071a2b3c40"),
                        tuple(LockEdge.Relation.WAITS, -2, "worker-B", "0x000000071a2b3d10"),
                        tuple(LockEdge.Relation.HOLDS, -1, "worker-A", "0x000000071a2b3d10"));
    }

    @Test
    void theStackInformationGivesEachWaitItsApplicationFrame() {
        assertThat(edges("jstack_deadlock-section-only.txt"))
                .filteredOn(e -> e.getRelation() == LockEdge.Relation.WAITS)
                .extracting(LockEdge::getThread, LockEdge::getSiteFunction, LockEdge::getSiteLocation)
                .containsExactly(
                        tuple("worker-A", "com.example.bank.Transfer.move", "Transfer.java:41"),
                        tuple("worker-B", "com.example.bank.Transfer.move", "Transfer.java:41"));
    }

    @Test
    void aListingThatLostItsIndentationStillSitesEachWaitAtItsApplicationFrame() {
        // copied from a rendered page: the tabs before "at" and "- waiting to lock" are gone
        assertThat(edges("jstack_unindented-deadlock.txt"))
                .filteredOn(e -> e.getRelation() == LockEdge.Relation.WAITS)
                .extracting(LockEdge::getThread, LockEdge::getSiteFunction, LockEdge::getSiteLocation)
                .containsExactly(
                        tuple("transfer-1", "bank.Ledger.move", "Ledger.java:41"),
                        tuple("transfer-2", "bank.Ledger.move", "Ledger.java:41"));
    }

    @Test
    void aWholeDumpWithoutIndentationStillGivesItsWaitsAndHolds() {
        String dump = String.join(
                "\n",
                "\"pay-1\" #12 prio=5 os_prio=0 tid=0x1 nid=0x3f2 waiting for monitor entry [0x7f0002000000]",
                "java.lang.Thread.State: BLOCKED (on object monitor)",
                "at Shop.pay(Shop.java:30)",
                "- waiting to lock <0x0000000700000200> (a Shop$Till)",
                "- locked <0x0000000700000300> (a Shop$Stock)",
                "at Shop.run(Shop.java:12)",
                "");
        assertThat(Fixtures.parse(new JstackParser(), "paste.txt", dump).of(LockEdge.class))
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getAddress, LockEdge::getSiteFunction)
                .containsExactlyInAnyOrder(
                        tuple(LockEdge.Relation.WAITS, 0x3f2, "0x0000000700000200", "Shop.pay"),
                        tuple(LockEdge.Relation.HOLDS, 0x3f2, "0x0000000700000300", null));
    }

    @Test
    void aWholeDumpsWaitIsSitedAtTheFrameAboveItOrTheFirstApplicationFrameBelowAJdkOne() {
        String dump = String.join(
                "\n",
                "\"w\" #12 prio=5 os_prio=0 tid=0x1 nid=0x3f2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat java.util.Hashtable.get(Hashtable.java:363)",
                "\t- waiting to lock <0x0000000700000900> (a java.util.Hashtable)",
                "\tat com.example.Cache.lookup(Cache.java:17)",
                "\tat com.example.Cache.run(Cache.java:9)",
                "");
        assertThat(Fixtures.parse(new JstackParser(), "jstack.txt", dump).of(LockEdge.class))
                .extracting(LockEdge::getSiteFunction, LockEdge::getSiteLocation)
                .containsExactly(tuple("com.example.Cache.lookup", "Cache.java:17"));
    }

    @Test
    void agentSyntaxAndOwnableSynchronizersAreRead() {
        assertThat(edges("jstack_deadlock-sa-agent-indented.txt"))
                .extracting(LockEdge::getRelation, LockEdge::getThread, LockEdge::getKind, LockEdge::getLabel)
                .containsExactly(
                        tuple(LockEdge.Relation.WAITS, "flusher", LockKind.JAVA_MONITOR, "a com/example/log/Buffer"),
                        tuple(LockEdge.Relation.HOLDS, "collector", LockKind.JAVA_MONITOR, "a com/example/log/Buffer"),
                        tuple(
                                LockEdge.Relation.WAITS,
                                "collector",
                                LockKind.JAVA_SYNCHRONIZER,
                                "a java/util/concurrent/locks/ReentrantLock$NonfairSync"),
                        tuple(
                                LockEdge.Relation.HOLDS,
                                "flusher",
                                LockKind.JAVA_SYNCHRONIZER,
                                "a java/util/concurrent/locks/ReentrantLock$NonfairSync"));
    }

    @Test
    void intellijsDetectorTextIsReadAsTheSameEdges() {
        assertThat(edges("jstack_deadlock-idea-detector.txt"))
                .extracting(LockEdge::getRelation, LockEdge::getThread, LockEdge::getAddress)
                .containsExactly(
                        tuple(LockEdge.Relation.WAITS, "pool thread 3", "0x5e1f0a2c"),
                        tuple(LockEdge.Relation.HOLDS, "AWT-EventQueue-0", "0x5e1f0a2c"),
                        tuple(LockEdge.Relation.WAITS, "AWT-EventQueue-0", "0x77aa3c01"),
                        tuple(LockEdge.Relation.HOLDS, "pool thread 3", "0x77aa3c01"));
    }

    @Test
    void aWholeDumpStatesItsOwnWaitsSoTheListingAddsNothing() {
        // the full dump's fixture ends with the JVM's listing of the same threads
        List<LockEdge> e = Fixtures.parse(
                        new JstackParser(), "jstack.txt", Fixtures.text("userspace/jstack_monitor-abba.txt"))
                .of(LockEdge.class);
        assertThat(e).allMatch(x -> x.getTid() > 0).hasSize(4);
    }
}
