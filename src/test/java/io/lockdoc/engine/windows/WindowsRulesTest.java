package io.lockdoc.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.windows.WindowsFixtures;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A firing fixture and a near miss for every Windows decide rule. */
class WindowsRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String fixture) {
        return engine.diagnose(WindowsFixtures.parse(fixture).facts());
    }

    static Stream<Arguments> firing() {
        return Stream.of(
                Arguments.of(
                        "windbg_locks-cs-cycle.txt",
                        "critical-section-deadlock",
                        "critical-section-deadlock: wait cycle through critical sections",
                        0.95,
                        "App!RefreshCache / App!PruneList"),
                Arguments.of(
                        "windbg_cs-orphaned.txt",
                        "critical-section-deadlock",
                        "critical-section-deadlock: orphaned critical section with waiters",
                        0.85,
                        "Worker"),
                Arguments.of(
                        "windbg_kb-cut-midstack.txt",
                        "critical-section-deadlock",
                        "critical-section-deadlock: thread blocked on an owned critical section",
                        0.55,
                        "mailsvc!FlushQueue"),
                Arguments.of(
                        "windbg_cs-loaderlock.txt",
                        "loader-lock-deadlock",
                        "loader-lock-deadlock: loader lock held while others wait, or a wait inside DllMain",
                        0.85,
                        null),
                Arguments.of(
                        "windbg_k-dllmain-wait.txt",
                        "loader-lock-deadlock",
                        "loader-lock-deadlock: loader lock held while others wait, or a wait inside DllMain",
                        0.85,
                        "Plugin!DllMain"),
                Arguments.of(
                        "windbg_kv-mutex-handles.txt",
                        "mutex-deadlock",
                        "mutex-deadlock: wait cycle through mutexes",
                        0.95,
                        "Sync!Producer / Sync!Consumer"),
                Arguments.of(
                        "windbg_kdlocks-eresource.txt",
                        "eresource-deadlock",
                        "eresource-deadlock: ERESOURCE owned with threads waiting for it",
                        0.6,
                        null),
                Arguments.of(
                        "windbg_kdlocks-self-wait.txt",
                        "recursive-locking",
                        "recursive-locking: Windows thread waits for a lock it owns",
                        0.9,
                        null),
                Arguments.of(
                        "windbg_deadlock-plain.txt",
                        "driver-verifier-deadlock",
                        "driver-verifier-deadlock: !deadlock lock order",
                        0.95,
                        "FltDemo"),
                Arguments.of(
                        "windbg_deadlock-1-stacks.txt",
                        "driver-verifier-deadlock",
                        "driver-verifier-deadlock: !deadlock lock order",
                        0.95,
                        "FltDemo!DemoQueueFlush / FltDemo!DemoContextTeardown"),
                Arguments.of(
                        "windbg_analyze-c4-1001.txt",
                        "driver-verifier-deadlock",
                        "driver-verifier-deadlock: bug check 0xC4 / 0x1001 without the !deadlock output",
                        0.85,
                        "FltDemo!FdAcquireBoth"),
                Arguments.of(
                        "windbg_analyze-9f-old.txt",
                        "power-irp-hang",
                        "power-irp-hang: bug check 0x9F",
                        0.9,
                        "usbhub.sys"),
                Arguments.of(
                        "eventlog-xml_kernelpower-41.xml",
                        "power-irp-hang",
                        "power-irp-hang: bug check 0x9F",
                        0.7,
                        null),
                Arguments.of(
                        "windbg_analyze-133-new.txt",
                        "dpc-watchdog",
                        "dpc-watchdog: bug check 0x133",
                        0.9,
                        "netdemo!NdRxDrainQueue"),
                Arguments.of(
                        "windbg_analyze-hang.txt",
                        "application-hang",
                        "application-hang: !analyze -hang",
                        0.85,
                        "Editor!Document::WaitForSave"),
                Arguments.of(
                        "eventlog-xml_apphang-1002-named.xml",
                        "application-hang",
                        "application-hang: Application Hang event or AppHangB1 report",
                        0.8,
                        "Ledger.exe"),
                Arguments.of(
                        "eventlog-text_wer-apphangb1.txt",
                        "application-hang",
                        "application-hang: Application Hang event or AppHangB1 report",
                        0.8,
                        "Ledger.exe"),
                Arguments.of(
                        "windbg_mex-pushlock.txt",
                        "other-hang",
                        "other-hang: thread blocked on a push lock, kernel mutex or an unsignalled event",
                        0.6,
                        "RegMon!OnRegistryNotify"),
                Arguments.of(
                        "windbg_analyze-39.txt",
                        "other-hang",
                        "other-hang: system thread exited owning a mutex (0x39)",
                        0.8,
                        "nt!IopLoadUnloadDriver"),
                Arguments.of(
                        "procmon-csv_default-sharing-violation.csv",
                        "file-lock-conflict",
                        "file-lock-conflict: retry loop on a sharing or lock conflict",
                        0.8,
                        "updater.exe"),
                Arguments.of(
                        "procmon-xml_lock-conflict.xml",
                        "file-lock-conflict",
                        "file-lock-conflict: retry loop on a sharing or lock conflict",
                        0.8,
                        "reporter.exe"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("firing")
    void fires(String fixture, String cause, String rule, double confidence, String culprit) {
        List<Finding> findings = diagnose(fixture);

        assertThat(findings).isNotEmpty();
        Finding f = findings.get(0);
        assertThat(f.getCause().id()).isEqualTo(cause);
        assertThat(f.getRule()).isEqualTo(rule);
        assertThat(f.getConfidence()).isEqualTo(confidence);
        if (culprit != null) {
            assertThat(f.getCulprit().function()).isEqualTo(culprit);
        }
        assertThat(f.getEvidence()).isNotEmpty();
        assertThat(f.getEvidence().get(0).getArtifact()).isEqualTo(fixture);
        assertThat(f.getMatchedFacts()).isNotEmpty();
    }

    /** Near misses: output that looks like the cause but shows no deadlock or hang. */
    static Stream<Arguments> nearMisses() {
        return Stream.of(
                Arguments.of("windbg_locks-prevista-owned.txt"), // owned critical sections, LockCount 0: nobody waits
                Arguments.of("windbg_critsec-loaderlock-free.txt"), // loader lock owned, no waiter
                Arguments.of("windbg_k-shutdown-terminate.txt"), // abandoned CS at process exit: the loader terminates
                Arguments.of("windbg_kdlocks-shared-idle.txt"), // shared owners, no waiters
                Arguments.of("windbg_analyze-d1-notlock.txt"), // a crash bug check that is not a hang
                Arguments.of("windbg_stacks-idle.txt"), // idle worker threads
                Arguments.of(
                        "procmon-csv_allcols-benign.csv"), // LockFile/Unlock pairs, readers-only and oplock statuses
                Arguments.of("eventlog-xml_kernelpower-41-powerloss.xml")); // Kernel-Power 41 without a bug check
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void nearMissHasNoFinding(String fixture) {
        assertThat(diagnose(fixture)).isEmpty();
    }
}
