package io.lockdoc.parse.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Frame;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.FileConflictLoop;
import io.lockdoc.model.windows.WaitKind;
import io.lockdoc.model.windows.WinAppHang;
import io.lockdoc.model.windows.WinBugCheck;
import io.lockdoc.model.windows.WinCriticalSection;
import io.lockdoc.model.windows.WinHandle;
import io.lockdoc.model.windows.WinResource;
import io.lockdoc.model.windows.WinThread;
import io.lockdoc.model.windows.WinVerifierDeadlock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WindowsParsersTest {

    /** Every fixture: the type detection picks, and how many facts of the key kind it yields. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("windbg_locks-cs-cycle.txt", "windbg", WinCriticalSection.class, 2),
                Arguments.of("windbg_locks-prevista-owned.txt", "windbg", WinCriticalSection.class, 2),
                Arguments.of("windbg_cs-orphaned.txt", "windbg", WinCriticalSection.class, 1),
                Arguments.of("windbg_cs-loaderlock.txt", "windbg", WinCriticalSection.class, 1),
                Arguments.of("windbg_critsec-loaderlock-free.txt", "windbg", WinCriticalSection.class, 1),
                Arguments.of("windbg_k-dllmain-wait.txt", "windbg", WinThread.class, 1),
                Arguments.of("windbg_k-shutdown-terminate.txt", "windbg", WinThread.class, 1),
                Arguments.of("windbg_kv-mutex-handles.txt", "windbg", WinHandle.class, 2),
                Arguments.of("windbg_kdlocks-eresource.txt", "windbg", WinResource.class, 1),
                Arguments.of("windbg_kdlocks-shared-idle.txt", "windbg", WinResource.class, 2),
                Arguments.of("windbg_kdlocks-self-wait.txt", "windbg", WinResource.class, 1),
                Arguments.of("windbg_deadlock-plain.txt", "windbg", WinVerifierDeadlock.class, 1),
                Arguments.of("windbg_deadlock-1-stacks.txt", "windbg", WinVerifierDeadlock.class, 1),
                Arguments.of("windbg_process-0-7.txt", "windbg", WinThread.class, 2),
                Arguments.of("windbg_analyze-9f-old.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_analyze-133-new.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_analyze-hang.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_analyze-39.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_analyze-c4-1001.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_analyze-d1-notlock.txt", "windbg", WinBugCheck.class, 1),
                Arguments.of("windbg_mex-pushlock.txt", "windbg", WinThread.class, 1),
                Arguments.of("windbg_kb-cut-midstack.txt", "windbg", WinThread.class, 2),
                Arguments.of("windbg_stacks-idle.txt", "windbg", WinThread.class, 2),
                Arguments.of("procmon-csv_default-sharing-violation.csv", "procmon-csv", FileConflictLoop.class, 1),
                Arguments.of("procmon-csv_allcols-benign.csv", "procmon-csv", FileConflictLoop.class, 0),
                Arguments.of("procmon-csv_missing-column.csv", "procmon-csv", FileConflictLoop.class, 0),
                Arguments.of("procmon-xml_lock-conflict.xml", "procmon-xml", FileConflictLoop.class, 1),
                Arguments.of("eventlog-xml_apphang-1002-named.xml", "eventlog-xml", WinAppHang.class, 1),
                Arguments.of("eventlog-xml_kernelpower-41.xml", "eventlog-xml", WinBugCheck.class, 1),
                Arguments.of("eventlog-xml_kernelpower-41-powerloss.xml", "eventlog-xml", WinBugCheck.class, 0),
                Arguments.of("eventlog-text_apphang.txt", "eventlog-text", WinAppHang.class, 1),
                Arguments.of("eventlog-text_wer-apphangb1.txt", "eventlog-text", WinAppHang.class, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void detectsAndParsesEachVariant(String fixture, String type, Class<? extends Fact> kind, int count) {
        assertThat(WindowsFixtures.detect(fixture, WindowsFixtures.bytes(fixture))
                        .type()
                        .id())
                .isEqualTo(type);

        Fixtures.Parsed p = WindowsFixtures.parse(fixture);

        assertThat(p.of(kind)).hasSize(count);
        assertThat(p.facts())
                .allSatisfy(f -> assertThat(f.getEvidence().getArtifact()).isEqualTo(fixture));
    }

    @Test
    void vistaLockCountIsTheNumberOfWaitersAndTheStacksNameTheLockTheyWaitFor() {
        Fixtures.Parsed p = WindowsFixtures.parse("windbg_locks-cs-cycle.txt");

        assertThat(p.of(WinCriticalSection.class))
                .extracting(
                        WinCriticalSection::getSymbol,
                        WinCriticalSection::getAddress,
                        WinCriticalSection::getOwnerThreadId,
                        WinCriticalSection::getWaiters,
                        WinCriticalSection::isVistaLayout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("App!g_listLock", "7ff7a1c05a10", "1a2c", 1, true),
                        org.assertj.core.groups.Tuple.tuple("App!g_cacheLock", "7ff7a1c05a38", "1b40", 1, true));
        WinThread t = p.of(WinThread.class).stream()
                .filter(x -> "1a2c".equals(x.getThreadId()))
                .findFirst()
                .orElseThrow();
        assertThat(t.getProcessId()).isEqualTo("f10");
        assertThat(t.getDebuggerId()).isEqualTo(1);
        assertThat(t.getWaitKind()).isEqualTo(WaitKind.CRITICAL_SECTION);
        assertThat(t.getWaitArgs()).contains("7ff7a1c05a38");
        assertThat(t.getOwnFrame().function()).isEqualTo("App!RefreshCache");
        assertThat(t.getFrames()).hasSize(6);
        assertThat(t.getEvidence().getFirstLine()).isEqualTo(25);
    }

    @Test
    void preVistaLockCountZeroMeansOwnedWithoutWaiters() {
        assertThat(WindowsFixtures.parse("windbg_locks-prevista-owned.txt").of(WinCriticalSection.class))
                .allSatisfy(c -> {
                    assertThat(c.isLocked()).isTrue();
                    assertThat(c.isVistaLayout()).isFalse();
                    assertThat(c.getWaiters()).isZero();
                });
    }

    @Test
    void rawVistaLockCountIsDecodedFromItsBits() {
        // -2: locked, no waiter; -6: locked, one waiter; -1: free
        assertThat(WinCriticalSection.waitersFrom(-2, true)).isZero();
        assertThat(WinCriticalSection.waitersFrom(-6, true)).isEqualTo(1);
        assertThat(WinCriticalSection.waitersFrom(-10, true)).isEqualTo(2);
        assertThat(WinCriticalSection.waitersFrom(3, true)).isEqualTo(3);
        assertThat(WinCriticalSection.waitersFrom(-1, false)).isZero();
    }

    @Test
    void kernelLocksReadOwnersSharedOwnersAndExclusiveWaiters() {
        WinResource r = WindowsFixtures.parse("windbg_kdlocks-eresource.txt")
                .of(WinResource.class)
                .get(0);
        assertThat(r.getAddress()).isEqualTo("ffffa30b4c21e8f0");
        assertThat(r.isExclusive()).isTrue();
        assertThat(r.getOwners()).containsExactly("ffffa30b51a2c080");
        assertThat(r.getExclusiveWaiters()).containsExactly("ffffa30b52d41040", "ffffa30b52e0e080");
        assertThat(r.getContentionCount()).isEqualTo(12);

        List<WinResource> shared =
                WindowsFixtures.parse("windbg_kdlocks-shared-idle.txt").of(WinResource.class);
        assertThat(shared.get(0).getOwners()).containsExactly("8a0f2da0", "8a0f1020");
        assertThat(shared.get(1).getOwners()).containsExactly("8a0c4020");
        assertThat(shared).allSatisfy(x -> assertThat(x.getWaiterCount()).isZero());
    }

    @Test
    void analyzeOldAndNewLayouts() {
        WinBugCheck old = WindowsFixtures.parse("windbg_analyze-9f-old.txt")
                .of(WinBugCheck.class)
                .get(0);
        assertThat(old.getCode()).isEqualTo(0x9F);
        assertThat(old.getSubcode()).isEqualTo("3");
        assertThat(old.getImageName()).isEqualTo("usbhub.sys");
        assertThat(old.getFailureBucket()).isEqualTo("X64_0x9F_3_IMAGE_usbhub.sys");
        assertThat(old.getArgs())
                .containsExactly("0000000000000003", "fffffa80062c1060", "fffff80004a6f3d8", "fffffa8007e19c10");
        assertThat(old.getCompleteness()).isEqualTo(Completeness.COMPLETE);

        WinBugCheck neu = WindowsFixtures.parse("windbg_analyze-133-new.txt")
                .of(WinBugCheck.class)
                .get(0);
        assertThat(neu.getCode()).isEqualTo(0x133);
        assertThat(neu.getName()).isEqualTo("DPC_WATCHDOG_VIOLATION");
        assertThat(neu.getSymbolName()).isEqualTo("netdemo!NdRxDrainQueue+4c");
        assertThat(neu.getStack())
                .extracting(Frame::function)
                .containsExactly("nt!KeBugCheckEx", "nt!KeAccumulateTicks", "netdemo!NdRxDrainQueue");

        WinBugCheck hang = WindowsFixtures.parse("windbg_analyze-hang.txt")
                .of(WinBugCheck.class)
                .get(0);
        assertThat(hang.isHangAnalysis()).isTrue();
        assertThat(hang.getCode()).isEqualTo(-1);
    }

    @Test
    void verifierDeadlockOrder() {
        WinVerifierDeadlock d = WindowsFixtures.parse("windbg_deadlock-plain.txt")
                .of(WinVerifierDeadlock.class)
                .get(0);
        assertThat(d.getIssue()).isEqualTo("00001001");
        assertThat(d.getLocks())
                .extracting(WinVerifierDeadlock.Lock::name)
                .containsExactly("FltDemo!g_StreamLock", "FltDemo!g_ContextLock");
        assertThat(d.getThreads())
                .extracting(WinVerifierDeadlock.ThreadOrder::letters)
                .containsExactly(List.of("A", "B"), List.of("B", "A"));
        assertThat(d.getThreads())
                .extracting(WinVerifierDeadlock.ThreadOrder::thread)
                .containsExactly("8c1d2030", "8c1e4a40");
    }

    @Test
    void aLogCutMidStackKeepsTheFramesAndSaysSo() {
        Fixtures.Parsed p = WindowsFixtures.parse("windbg_kb-cut-midstack.txt");

        WinThread t = p.of(WinThread.class).stream()
                .filter(x -> "61c".equals(x.getThreadId()))
                .findFirst()
                .orElseThrow();
        assertThat(t.getFrames())
                .extracting(Frame::function)
                .containsExactly(
                        "ntdll!NtWaitForSingleObject",
                        "ntdll!RtlpWaitForCriticalSection",
                        "ntdll!RtlEnterCriticalSection",
                        "mailsvc!FlushQueue");
        assertThat(t.getWaitArgs()).startsWith("43e750");
        assertThat(p.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.id()).isEqualTo(Problem.ErrorId.TRUNCATED_REPORT);
            assertThat(pr.line()).isEqualTo(10);
            assertThat(pr.message()).contains("cut mid-stack").contains("5a4.61c");
        });
    }

    @Test
    void oneThreadAddressWithTwoIdentitiesEndsAsOneThreadAndAProblem() {
        // ETHREAD ffffb80c4f6c1080 is 1a2c.1c18 to !process but 1a2c.1b40 to !stacks, and 1b40 is also ~2:
        // merging by TID and by address used to bounce between the two threads until the stack overflowed
        String log =
                """
                0:000> ~
                   2  Id: f10.1b40 Suspend: 1 Teb: 000000a1`7c3a6000 Unfrozen
                kd> !process 0 7 demosvc.exe
                        THREAD ffffb80c4f6c1080  Cid 1a2c.1c18  Teb: 000000a5c1f40000 Win32Thread: 0000000000000000 WAIT: (Executive) KernelMode Non-Alertable
                kd> !stacks 2
                Proc.Thread  .Thread  ThreadState  Blocker
                   1a2c.1b40  ffffb80c4f6c1080  Blocked    nt!KiSwapThread+0xc5
                kd>
                """;

        Fixtures.Parsed p = Fixtures.parse(new WinDbgParser(), "cdb.log", log);

        assertThat(p.of(WinThread.class)).singleElement().satisfies(t -> {
            assertThat(t.getProcessId()).isEqualTo("f10");
            assertThat(t.getThreadId()).isEqualTo("1b40");
            assertThat(t.getDebuggerId()).isEqualTo(2);
            assertThat(t.getAddress()).isEqualTo("ffffb80c4f6c1080");
        });
        assertThat(p.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.id()).isEqualTo(Problem.ErrorId.UNREADABLE);
            assertThat(pr.line()).isEqualTo(7);
            assertThat(pr.message())
                    .isEqualTo("thread ids contradict each other: thread ffffb80c4f6c1080 is both f10.1b40 and"
                            + " 1a2c.1b40; read as one thread f10.1b40");
        });
    }

    @Test
    void aUtf16DebuggerLogReadsLikeItsUtf8Twin() throws Exception {
        String text = new String(WindowsFixtures.bytes("windbg_locks-cs-cycle.txt"), StandardCharsets.UTF_8);
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_16LE));

        Fixtures.Parsed p = WindowsFixtures.parse("windbg_locks-cs-cycle-utf16.txt", utf16.toByteArray());

        assertThat(p.problems()).isEmpty();
        assertThat(p.of(WinCriticalSection.class)).hasSize(2);
        assertThat(p.of(WinThread.class)).hasSize(2);
    }

    @Test
    void procmonCsvFindsTheRetryLoopAndTheHolder() {
        Fixtures.Parsed p = WindowsFixtures.parse("procmon-csv_default-sharing-violation.csv");

        FileConflictLoop l = p.of(FileConflictLoop.class).get(0);
        assertThat(l.getProcess()).isEqualTo("updater.exe");
        assertThat(l.getProcessId()).isEqualTo("4388");
        assertThat(l.getStatus()).isEqualTo("SHARING VIOLATION");
        assertThat(l.getFailures()).isEqualTo(4);
        assertThat(l.getSpanSeconds()).isCloseTo(1.5089976, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(l.getHolders()).containsExactly("setup.exe/3120");
        assertThat(l.getEvidence().getFirstLine()).isEqualTo(3);
        assertThat(l.getEvidence().getLastLine()).isEqualTo(6);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void procmonCsvWithAMissingColumnSaysWhichAndKeepsReading() {
        Fixtures.Parsed p = WindowsFixtures.parse("procmon-csv_missing-column.csv");

        assertThat(p.problems())
                .extracting(Problem::line, Problem::message)
                .anySatisfy(t -> {
                    assertThat(t.toList().get(0)).isEqualTo(1);
                    assertThat((String) t.toList().get(1)).contains("lacks column(s) Result");
                })
                .anySatisfy(t -> {
                    assertThat(t.toList().get(0)).isEqualTo(3);
                    assertThat((String) t.toList().get(1)).contains("row has 4 of 6 columns");
                });
    }

    @Test
    void localeTimesAndNumbers() {
        assertThat(ProcmonAggregator.seconds("7:21:49.0877812 AM"))
                .isCloseTo(26509.0877812, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ProcmonAggregator.seconds("12:00:01.5 AM"))
                .isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ProcmonAggregator.seconds("4:38:16.0891952 PM"))
                .isCloseTo(59896.0891952, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ProcmonAggregator.seconds("16:53:03,6001516"))
                .isCloseTo(60783.6001516, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ProcmonAggregator.number("4,294,967,295")).isEqualTo(4294967295L);
        assertThat(ProcmonAggregator.number("20 480")).isEqualTo(20480);
        assertThat(ProcmonAggregator.number("20\u00a0480")).isEqualTo(20480);
    }

    @Test
    void procmonXmlReadsEventsWithStacks() {
        FileConflictLoop l = WindowsFixtures.parse("procmon-xml_lock-conflict.xml")
                .of(FileConflictLoop.class)
                .get(0);
        assertThat(l.getStatus()).isEqualTo("FILE LOCK CONFLICT");
        assertThat(l.getProcess()).isEqualTo("reporter.exe");
        assertThat(l.getFailures()).isEqualTo(3);
        assertThat(l.getHolders()).containsExactly("ledger.exe/6400");
    }

    @Test
    void eventLogs() {
        WinAppHang x = WindowsFixtures.parse("eventlog-xml_apphang-1002-named.xml")
                .of(WinAppHang.class)
                .get(0);
        assertThat(x.getAppName()).isEqualTo("Ledger.exe");
        assertThat(x.getProcessId()).isEqualTo("0x1f40");
        assertThat(x.getHangType()).isEqualTo("Quiesce");

        WinBugCheck kp = WindowsFixtures.parse("eventlog-xml_kernelpower-41.xml")
                .of(WinBugCheck.class)
                .get(0);
        assertThat(kp.getCode()).isEqualTo(0x9F);
        assertThat(kp.getSource()).isEqualTo("eventlog");

        WinAppHang t = WindowsFixtures.parse("eventlog-text_apphang.txt")
                .of(WinAppHang.class)
                .get(0);
        assertThat(t.getAppName()).isEqualTo("Ledger.exe");
        assertThat(t.getProcessId()).isEqualTo("1f40");
        WinAppHang b1 = WindowsFixtures.parse("eventlog-text_wer-apphangb1.txt")
                .of(WinAppHang.class)
                .get(0);
        assertThat(b1.getEventName()).isEqualTo("AppHangB1");
        assertThat(b1.getAppName()).isEqualTo("Ledger.exe");
    }

    @Test
    void anEventIdTooLongForANumberIsAProblemOnItsLineAndTheNextEventIsRead() {
        String text =
                """
                Log Name:      Application
                Source:        Application Hang
                Event ID:      100200000000000000000
                The program Ledger.exe version 4.2.0.17 stopped interacting with Windows and was closed.
                Log Name:      Application
                Source:        Application Hang
                Event ID:      1002
                The program Viewer.exe version 1.0.0.0 stopped interacting with Windows and was closed.
                """;

        Fixtures.Parsed p = Fixtures.parse(new EventLogTextParser(), "events.txt", text);

        assertThat(p.of(WinAppHang.class)).singleElement().satisfies(a -> {
            assertThat(a.getAppName()).isEqualTo("Viewer.exe");
            assertThat(a.getEvidence().getFirstLine()).isEqualTo(5);
        });
        assertThat(p.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(3);
            assertThat(pr.message())
                    .isEqualTo("a number out of range or malformed (For input string: \"100200000000000000000\");"
                            + " the line is skipped");
        });
    }

    @Test
    void positionalApplicationHangWithBinaryHangType() {
        String xml =
                """
                <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
                <System>
                <Provider Name="Application Hang" />
                <EventID Qualifiers="0">1002</EventID>
                </System>
                <EventData>
                <Data>Viewer.exe</Data>
                <Data>1.0.0.0</Data>
                <Data>a10</Data>
                <Binary>54006F00700020006C006500760065006C002000770069006E0064006F0077002000690073002000690064006C00650000000000</Binary>
                """;
        WinAppHang a = Fixtures.parse(new EventLogXmlParser(), "ev.xml", xml)
                .of(WinAppHang.class)
                .get(0);
        assertThat(a.getAppName()).isEqualTo("Viewer.exe");
        assertThat(a.getProcessId()).isEqualTo("a10");
        assertThat(a.getHangType()).isEqualTo("Top level window is idle");
    }
}
