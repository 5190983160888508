package io.lockdoc.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForGraphTest {
    @Test
    void findsOneCycleThroughOneHundredThousandThreads() {
        WaitForGraph g = new WaitForGraph();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            int t = g.task(String.valueOf(i));
            g.holds(t, g.lock("L" + i), "h" + i);
            g.waits(t, g.lock("L" + ((i + 1) % n)), "w" + i);
        }
        // a bystander chain that must not join the cycle
        int by = g.task("bystander");
        g.waits(by, g.lock("free"), "b");

        List<int[]> cycles = g.cyclicComponents();

        assertThat(cycles).singleElement().satisfies(c -> assertThat(c).hasSize(2 * n));
    }

    @Test
    void aChainWithoutCycleHasNoComponentAndTheCycleOrderIsKept() {
        WaitForGraph g = new WaitForGraph();
        int a = g.task("1");
        int b = g.task("2");
        int c = g.task("3");
        int l1 = g.lock("l1");
        int l2 = g.lock("l2");
        g.holds(a, l1, "x");
        g.waits(b, l1, "y");
        g.holds(b, l2, "z");
        g.waits(c, l2, "w");

        assertThat(g.cyclicComponents()).isEmpty();

        g.waits(a, l2, "closing");
        List<int[]> cycles = g.cyclicComponents();
        assertThat(cycles).singleElement().satisfies(comp -> {
            List<Integer> path = g.cycleThrough(a, comp);
            assertThat(path).containsExactly(a, l2, b, l1);
            assertThat(g.source(a, l2)).isEqualTo("closing");
        });
    }
}
