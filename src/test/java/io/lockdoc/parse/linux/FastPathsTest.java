package io.lockdoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The keyword filter before the banner patterns and the plain-prefix path change no result. */
class FastPathsTest {
    private static final List<String> EDGES = List.of(
            "[  112.462016] web01 kernel: INFO: task a:1 blocked for more than 120 seconds.",
            "[  112.462016] web01\tkernel: x",
            "[  112.462016]  kernel: x",
            "[  112.462016][ T12] BUG: soft lockup - CPU#3 stuck for 22s! [a:1]",
            "[  112.462016]INFO: task b:2 blocked for more than 5 seconds.",
            "[112.4] Kernel panic - not syncing: hung_task: blocked tasks",
            "[ 1.] x",
            "[ .5] x",
            "[\t1.5] x",
            "[ 1.5 ] x",
            "[ 1.5]",
            "[",
            "x/1 still has locks held!",
            "NMI watchdog: Watchdog detected hard LOCKUP on cpu 2",
            "WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:123 x",
            "DEBUG_LOCKS_WARN_ON(1)",
            "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
            "[ BUG: Invalid wait context ]",
            "general protection fault, probably for non-canonical address",
            "kworker/u8:2:123 can't die for more than 10 seconds.",
            "a b:77 blocked in I/O wait for more than 9 seconds.");

    @Test
    void everyFixtureLineReadsTheSameAsWithoutTheFastPaths() throws IOException {
        List<String> lines = new ArrayList<>(EDGES);
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                lines.addAll(List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")));
            }
        }
        int banners = 0;
        for (String raw : lines) {
            KernelLine fast = KernelLine.of(1, raw);
            assertThat(fast).as(raw).isEqualTo(KernelLine.of(1, raw, false));
            KernelBanners.Match filtered = KernelBanners.match(fast.trimmed());
            KernelBanners.Match all = KernelBanners.match(fast.trimmed(), false);
            assertThat(filtered == null ? null : filtered.kind()).as(raw).isEqualTo(all == null ? null : all.kind());
            banners += all == null ? 0 : 1;
        }
        assertThat(lines.size()).isGreaterThan(1000);
        assertThat(banners).isGreaterThan(30);
    }
}
