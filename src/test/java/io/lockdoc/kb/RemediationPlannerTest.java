package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationPlannerTest {

    @Test
    void fillsBoundValuesAndFallsBackWhereNoneIsBound() {
        String text = "take {lockA} before {lockB|the held lock} in {module|your module}; awk '{print $1}'";

        assertThat(RemediationPlanner.fill(text, Map.of("lockA", "lock1", "module", "mymod")))
                .isEqualTo("take lock1 before the held lock in mymod; awk '{print $1}'");
    }

    @Test
    void aPlaceholderWithoutFallbackIsRequired() {
        assertThat(RemediationPlanner.requiredPlaceholders("{a} {b|x} {c}")).containsExactly("a", "c");
        assertThat(RemediationPlanner.fill("{a}", Map.of())).isEqualTo("<a>");
    }
}
