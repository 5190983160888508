package io.lockdoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {
    private final FormatDetector detector = new FormatDetector();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKernelLogRenamedIsRecognisedByContent() {
        Detection d = detector.detect(
                "notes/foo.txt", bytes("[   36.345030] WARNING: possible circular locking dependency detected\n"));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(d.how()).isEqualTo("content");
    }

    @Test
    void nameAndContentTogether() {
        Detection d = detector.detect("web01/kern.log", bytes("Nov 21 08:36:49 web01 kernel: usb 1-1: new device\n"));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(d.how()).isEqualTo("name and content");
    }

    @Test
    void aDmesgWithoutTimestampsOrReportsIsKnownByItsName() {
        Detection d = detector.detect("host1/dmesg", bytes("usb 1-1: new high-speed USB device\n"));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(d.how()).isEqualTo("name");
    }

    @Test
    void aSosreportsKnownPathsAreReadAsTheirFormatWhateverTheContent() {
        byte[] plain = bytes("usb 1-1: new high-speed USB device\n");

        assertThat(detector.detect("sosreport-h/sos_commands/kernel/dmesg", plain))
                .isEqualTo(Detection.of(ArtifactType.KERNEL_LOG, "known path"));
        assertThat(detector.detect("sos_commands/logs/journalctl_--no-pager_--catalog_--boot", plain)
                        .type())
                .isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(detector.detect("var/log/messages-20261201", plain).type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(detector.detect(
                        "sos_commands/process/ps_auxwww",
                        bytes("USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND\n")))
                .isEqualTo(Detection.of(ArtifactType.PS, "known path and content"));
        assertThat(detector.detect("proc/locks", bytes("\n ")).type()).isEqualTo(ArtifactType.PROC_LOCKS);
    }

    @Test
    void nameRulesMatchWholeNamesSoSosDecoysAreNoKernelLogs() {
        byte[] text = bytes("0\n");
        for (String decoy : new String[] {
            "etc/systemd/journald.conf",
            "sos_commands/logs/journalctl_--disk-usage",
            "sos_commands/logs/journalctl_--list-boots",
            "usr/lib/systemd/system/console-getty.service",
            "proc/sys/kernel/dmesg_restrict",
            "etc/syslog.conf",
            "topology.txt",
            "gdbus-monitor.txt",
            "etc/sysctl.conf"
        }) {
            assertThat(detector.detect(decoy, text).skipReason()).as(decoy).startsWith(Detection.UNRECOGNISED);
        }
    }

    @Test
    void rotatedAndRenamedKernelLogsAreStillKnownByNameOrContent() {
        byte[] plain = bytes("usb 1-1: new high-speed USB device\n");
        for (String name : new String[] {
            "messages.1", "kern.log.2.gz", "dmesg.txt", "console-ramoops-0", "syslog.3", "console.log", "journal.txt"
        }) {
            assertThat(detector.detect("host/" + name, plain).type()).as(name).isEqualTo(ArtifactType.KERNEL_LOG);
        }
        // by content whatever the name
        assertThat(detector.detect(
                                "dmesg_restrict",
                                bytes("[   36.345030] WARNING: possible circular locking dependency detected\n"))
                        .type())
                .isEqualTo(ArtifactType.KERNEL_LOG);
    }

    @Test
    void lockdocsOwnCollectLogIsRecognised() {
        byte[] log = bytes("lockdoc collect: 2026-12-01T10:20:30Z, took 812 ms\npids asked for: []\n");

        assertThat(detector.detect("hang/collect-log.txt", log))
                .isEqualTo(Detection.of(ArtifactType.COLLECT_LOG, "name and content"));
        assertThat(detector.detect("hang/collect-log.txt", bytes("notes\n")).type())
                .isEqualTo(ArtifactType.COLLECT_LOG);
    }

    @Test
    void emptyBinaryAndUnknownTextAreSkippedWithAReason() {
        assertThat(detector.detect("dmesg", new byte[0]).skipReason()).isEqualTo("empty file");
        assertThat(detector.detect("dmesg", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2})
                        .skipReason())
                .isEqualTo("binary data, not a text log");
        assertThat(detector.detect("recipe.txt", bytes("two eggs\nflour\n")).skipReason())
                .startsWith("no known format recognised");
    }

    @Test
    void utf16KernelLogIsText() {
        Detection d = detector.detect(
                "x.log",
                "\uFEFF[   36.345030] WARNING: possible circular locking dependency detected\n"
                        .getBytes(StandardCharsets.UTF_16LE));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
    }
}
