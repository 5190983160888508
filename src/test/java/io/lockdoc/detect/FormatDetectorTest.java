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
        Detection d = detector.detect("var/log/kern.log", bytes("Nov 21 08:36:49 web01 kernel: usb 1-1: new device\n"));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(d.how()).isEqualTo("name and content");
    }

    @Test
    void aDmesgWithoutTimestampsOrReportsIsKnownByItsName() {
        Detection d = detector.detect("sos_commands/kernel/dmesg", bytes("usb 1-1: new high-speed USB device\n"));

        assertThat(d.type()).isEqualTo(ArtifactType.KERNEL_LOG);
        assertThat(d.how()).isEqualTo("name");
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
