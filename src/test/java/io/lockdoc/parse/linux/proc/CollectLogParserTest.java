package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.userspace.SystemValue;
import org.junit.jupiter.api.Test;

class CollectLogParserTest {
    @Test
    void theOptionsAndTheTasksReadAreValuesWithTheirLines() {
        var p = Fixtures.parse(
                new CollectLogParser(), "hang/collect-log.txt", Fixtures.text("collect/collect-log_pid-gdb.txt"));

        assertThat(p.problems()).isEmpty();
        assertThat(p.of(SystemValue.class))
                .extracting(v ->
                        v.getKey() + "=" + v.getValue() + "@" + v.getEvidence().getFirstLine())
                .containsExactly(
                        "collect:time=2026-12-01T10:20:30.123456Z@1",
                        "collect:took-ms=812@1",
                        "collect:pids=4830 4831@2",
                        "collect:gdb=true@3",
                        "collect:jstack=false@3",
                        "collect:read:4830=--pid@5",
                        "collect:read:4831=--pid@6",
                        "collect:read:502=D state@7",
                        "collect:missed=2@9");
    }

    @Test
    void theMissesAreNotReadAsTasks() {
        var p = Fixtures.parse(
                new CollectLogParser(),
                "collect-log.txt",
                "lockdoc collect: 2026-12-01T10:20:30Z, took 5 ms\ncould not collect (1):\n  dmesg.txt: permission denied\n");

        assertThat(p.of(SystemValue.class))
                .extracting(SystemValue::getKey)
                .containsExactly("collect:time", "collect:took-ms", "collect:missed");
    }
}
