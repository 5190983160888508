package io.lockdoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Frame;
import io.lockdoc.model.HeldLock;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.LockdepChainLink;
import io.lockdoc.model.Problem;
import io.lockdoc.model.ScenarioStep;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KernelLogParserTest {
    private static final String SEED = "linux/dmesg_lockdep-circular-seed-mymod.log";

    private static KernelReport only(Fixtures.Parsed parsed) {
        assertThat(parsed.of(KernelReport.class)).hasSize(1);
        return parsed.of(KernelReport.class).get(0);
    }

    @Test
    void readsEveryPartOfALockdepCircularReport() {
        KernelReport r = only(Fixtures.parse(new KernelLogParser(), "dmesg", Fixtures.text(SEED)));

        assertThat(r.getKind()).isEqualTo(KernelReportKind.CIRCULAR_LOCKING);
        assertThat(r.getId()).isEqualTo("dmesg#1");
        assertThat(r.getBanner()).isEqualTo("WARNING: possible circular locking dependency detected");
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(2);
        assertThat(r.getEvidence().getLastLine()).isEqualTo(82);
        assertThat(r.getTask()).isEqualTo("insmod");
        assertThat(r.getPid()).isEqualTo(2817);
        assertThat(r.getTaint()).isEqualTo("G O");
        assertThat(r.isTaintedWith("O")).isTrue();
        assertThat(r.getKernelRelease()).isEqualTo("6.8.0-lockdoc");
        assertThat(r.getCompleteness()).isEqualTo(Completeness.COMPLETE);

        assertThat(r.getAcquiring().lockClass()).isEqualTo("lock1");
        assertThat(r.getAcquiring().atFunction()).isEqualTo("another_function");
        assertThat(r.getAcquiring().line()).isEqualTo(7);
        assertThat(r.getHeld().lockClass()).isEqualTo("lock2");
        assertThat(r.getHeld().at()).isEqualTo("another_function+0x1d/0x60");

        assertThat(r.getChain())
                .extracting(LockdepChainLink::index, LockdepChainLink::lockClass, LockdepChainLink::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "lock2", 17),
                        org.assertj.core.groups.Tuple.tuple(0, "lock1", 29));
        assertThat(r.getChain().get(0).frames())
                .extracting(Frame::function)
                .startsWith("__mutex_lock", "mutex_lock_nested", "bad_function", "mymod_init");
        assertThat(r.getChain().get(0).frames().get(2).module()).isEqualTo("mymod");

        assertThat(r.getScenario())
                .containsExactly(
                        new ScenarioStep(0, "lock", "lock2"),
                        new ScenarioStep(1, "lock", "lock1"),
                        new ScenarioStep(1, "lock", "lock2"),
                        new ScenarioStep(0, "lock", "lock1"));
        assertThat(r.getHeldLocks())
                .containsExactly(
                        new HeldLock("insmod", 2817, 0, "lock2", "another_function+0x1d/0x60", 57, "ffffffffc0a02160"));

        assertThat(r.getFrames())
                .extracting(Frame::function)
                .containsSubsequence(
                        "dump_stack_lvl",
                        "check_noncircular",
                        "mutex_lock_nested",
                        "another_function",
                        "mymod_init",
                        "entry_SYSCALL_64_after_hwframe");
        assertThat(r.getFrames())
                .filteredOn(f -> !f.reliable())
                .extracting(Frame::function)
                .containsExactly("another_function", "another_function");
        assertThat(r.getModulesOnPath()).containsExactly("mymod");
        assertThat(r.getEvidence().getQuoted()).extracting(q -> q.number()).contains(3, 6, 7, 9, 10, 17, 29);
    }

    /** The same report in every log shape must parse to the same structure and line numbers. */
    static Stream<Arguments> shapes() {
        Function<String, String> noPrefix = l -> l.replaceFirst("^\\[\\s*\\d+\\.\\d+\\] ?", "");
        return Stream.of(
                Arguments.of("raw dmesg", Function.<String>identity()),
                Arguments.of("no timestamp", noPrefix),
                Arguments.of("printk caller id", (Function<String, String>)
                        l -> l.replaceFirst("^(\\[\\s*\\d+\\.\\d+\\])", "$1[ T2817]")),
                Arguments.of("dmesg -T", (Function<String, String>)
                        l -> l.startsWith("[") ? "[Sat Nov 21 08:36:49 2026] " + noPrefix.apply(l) : l),
                Arguments.of("journalctl -k", (Function<String, String>)
                        l -> "Nov 21 08:36:49 web01 kernel: " + noPrefix.apply(l)),
                Arguments.of("journalctl -o short-iso", (Function<String, String>)
                        l -> "2026-11-21T08:36:49+0000 web01 kernel: " + noPrefix.apply(l)),
                Arguments.of("journalctl -o short-monotonic", (Function<String, String>)
                        l -> l.startsWith("[") ? l.replaceFirst("^(\\[\\s*\\d+\\.\\d+\\]) ?", "$1 web01 kernel: ") : l),
                Arguments.of("kern.log", (Function<String, String>) l -> "Nov 21 08:36:49 web01 kernel: " + l),
                Arguments.of("CRLF line ends", (Function<String, String>) l -> l + "\r"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyLogShapeGivesTheSameReport(String shape, Function<String, String> render) {
        String text = String.join("\n", Fixtures.text(SEED).lines().map(render).toList()) + "\n";

        KernelReport r = only(Fixtures.parse(new KernelLogParser(), "log", text));

        assertThat(r.getKind()).isEqualTo(KernelReportKind.CIRCULAR_LOCKING);
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(2);
        assertThat(r.getAcquiring().lockClass()).isEqualTo("lock1");
        assertThat(r.getHeld().lockClass()).isEqualTo("lock2");
        assertThat(r.getChain()).extracting(LockdepChainLink::lockClass).containsExactly("lock2", "lock1");
        assertThat(r.getScenario()).hasSize(4);
        assertThat(r.getFrames()).extracting(Frame::function).contains("another_function");
        assertThat(r.getCompleteness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void aReportCutOffIsKeptAndMarkedIncomplete() {
        Fixtures.Parsed parsed = Fixtures.parse(
                new KernelLogParser(), "cut.log", Fixtures.text("linux/dmesg_lockdep-circular-truncated.log"));
        KernelReport r = only(parsed);

        assertThat(r.getCompleteness()).isEqualTo(Completeness.TRUNCATED);
        assertThat(r.getAcquiring().lockClass()).isEqualTo("lock1");
        assertThat(r.getHeld().lockClass()).isEqualTo("lock2");
        assertThat(r.getChain()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(Problem.ErrorId.TRUNCATED_REPORT);
            assertThat(p.artifact()).isEqualTo("cut.log");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("cut off after line 13", "the dependency chain", "the call trace");
        });
    }

    @Test
    void linesOfOtherTasksInterleavedWithAReportAreLeftOut() {
        String text =
                """
                [  10.000001][ T3699] ======================================================
                [  10.000002][ T3699] WARNING: possible circular locking dependency detected
                [  10.000003][ T3699] 6.1.0 #1 Not tainted
                [  10.000004][   T12] usb 1-1: new high-speed USB device number 2 using xhci_hcd
                [  10.000005][ T3699] syz/3699 is trying to acquire lock:
                [  10.000006][    C1] net eth0: link up
                [  10.000007][ T3699] ffff8880 (&a->lock){+.+.}-{3:3}, at: take_a+0x10/0x20
                [  10.000008][ T3699]
                [  10.000009][ T3699] but task is already holding lock:
                [  10.000010][ T3699] ffff8881 (&b->lock){+.+.}-{3:3}, at: take_b+0x10/0x20
                """;

        KernelReport r = only(Fixtures.parse(new KernelLogParser(), "log", text));

        assertThat(r.getAcquiring().lockClass()).isEqualTo("&a->lock");
        assertThat(r.getHeld().lockClass()).isEqualTo("&b->lock");
        assertThat(r.getEvidence().getLastLine()).isEqualTo(10);
    }

    @Test
    void oldKernelsBannerAndAddressedFramesAreRead() {
        String text =
                """
                [ 1722.511384] =======================================================
                [ 1722.511384] [ INFO: possible circular locking dependency detected ]
                [ 1722.511384] 2.6.32-rc6-00035-g8b17a4f #1
                [ 1722.511384] -------------------------------------------------------
                [ 1722.511384] kacpi_hotplug/246 is trying to acquire lock:
                [ 1722.511384]  (kacpid){+.+.+.}, at: [<ffffffff8105bbd0>] flush_workqueue+0x0/0xb0
                """;

        KernelReport r = only(Fixtures.parse(new KernelLogParser(), "log", text));

        assertThat(r.getKind()).isEqualTo(KernelReportKind.CIRCULAR_LOCKING);
        assertThat(r.getTask()).isEqualTo("kacpi_hotplug");
        assertThat(r.getAcquiring().lockClass()).isEqualTo("kacpid");
        assertThat(r.getAcquiring().atFunction()).isEqualTo("flush_workqueue");
        assertThat(r.getKernelRelease()).isEqualTo("2.6.32-rc6-00035-g8b17a4f");
        assertThat(r.getCompleteness()).isEqualTo(Completeness.TRUNCATED);
    }

    @Test
    void lockClassesWithParenthesesAndInstanceNumbersStayWhole() {
        String text =
                """
                WARNING: possible circular locking dependency detected
                syz/1 is trying to acquire lock:
                ffff888106a71958 ((wq_completion)wg-kex-wireguard1){+.+.}-{4:4}, at: _Z8fakeNameiii+0x49a/0x1a10
                but task is already holding lock:
                ffff888106a71959 (&q->q_usage_counter(io)#55){++++}-{0:0}, at: blk_mq_freeze_queue+0x1/0x2
                """;

        KernelReport r = only(Fixtures.parse(new KernelLogParser(), "log", text));

        assertThat(r.getAcquiring().lockClass()).isEqualTo("(wq_completion)wg-kex-wireguard1");
        assertThat(r.getAcquiring().atFunction()).isEqualTo("fakeName");
        assertThat(r.getHeld().lockClass()).isEqualTo("&q->q_usage_counter(io)#55");
    }

    @Test
    void otherOopsesAreReportsButNotLockReports() {
        Fixtures.Parsed parsed =
                Fixtures.parse(new KernelLogParser(), "log", Fixtures.text("linux/dmesg_kasan-not-a-lock.log"));

        assertThat(parsed.of(KernelReport.class))
                .extracting(KernelReport::getKind)
                .containsExactly(KernelReportKind.OTHER_OOPS);
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void severalReportsAreNumberedInOrder() {
        String seed = Fixtures.text(SEED);
        List<KernelReport> reports =
                Fixtures.parse(new KernelLogParser(), "log", seed + seed).of(KernelReport.class);

        assertThat(reports).extracting(KernelReport::getOrdinal).containsExactly(1, 2);
        assertThat(reports.get(1).getEvidence().getFirstLine()).isEqualTo(85);
    }
}
