package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which H2 failures a shared database's hand-over explains (retried) and which are real (reported). */
class TransientFailureTest {

    /** The text H2 gave a writer in CI when AUTO_RECONNECT closed its session under a call. */
    @Test
    void aClientSessionClosedDuringHandOverIsRetried() {
        SQLException e = new SQLException(
                "General error: \"java.lang.NullPointerException: Cannot invoke \"\"java.util.ArrayList.remove(int)\"\""
                        + " because \"\"this.transferList\"\" is null\" [50000-240]".replace("\"\"", "\""),
                "HY000",
                50000);
        assertThat(Database.transientCause(new RuntimeException("wrapped", e))).isTrue();
    }

    @Test
    void anyOtherGeneralErrorIsReported() {
        SQLException e = new SQLException(
                "General error: \"java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null\" [50000-240]",
                "HY000",
                50000);
        assertThat(Database.transientCause(e)).isFalse();
    }
}
