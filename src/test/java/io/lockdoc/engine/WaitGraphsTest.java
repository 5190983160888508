package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.WaitGraph;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.model.userspace.LockNode;
import io.lockdoc.model.userspace.TaskNode;
import io.lockdoc.model.userspace.WaitChain;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitGraphsTest {
    private static final TaskNode HOLDER = new TaskNode(900, 900, "holder", "S", null, "FROZEN", "frozen");
    private static final TaskNode W1 = new TaskNode(901, 901, "w", "S", "fcntl_setlk", "LOCK_WAIT", "waits");
    private static final TaskNode W2 = new TaskNode(902, 902, "w", "S", "fcntl_setlk", "LOCK_WAIT", "waits");

    @Test
    void aStalledHolderWithOneLockIsTheHeadEveryWaiterQueuesOn() {
        LockNode l = new LockNode(LockKind.FILE, "file:1", "POSIX WRITE lock on 08:01:7");
        WaitGraph g =
                WaitGraphs.fromChain(new WaitChain("c", "", HOLDER, List.of(W1, W2), List.of(l), List.of(), List.of()));

        assertThat(g.nodes())
                .filteredOn(WaitGraph.Node::head)
                .extracting(WaitGraph.Node::label)
                .containsExactly("holder/900");
        assertThat(g.edges())
                .containsExactly(
                        new WaitGraph.Edge("lock:file:1", "task:holder/900", WaitGraph.EdgeKind.HELD_BY, true),
                        new WaitGraph.Edge("task:w/901", "lock:file:1", WaitGraph.EdgeKind.WAITS_FOR, true),
                        new WaitGraph.Edge("task:w/902", "lock:file:1", WaitGraph.EdgeKind.WAITS_FOR, true));
    }

    @Test
    void withSeveralLocksWhichWaiterWaitsForWhichIsNotInventedOnlyTheHoldsAreDrawn() {
        LockNode a = new LockNode(LockKind.FILE, "file:1", "a");
        LockNode b = new LockNode(LockKind.FILE, "file:2", "b");
        WaitGraph g = WaitGraphs.fromChain(
                new WaitChain("c", "", HOLDER, List.of(W1, W2), List.of(a, b), List.of(), List.of()));

        assertThat(g.edges()).extracting(WaitGraph.Edge::kind).containsOnly(WaitGraph.EdgeKind.HELD_BY);
        assertThat(g.nodes())
                .filteredOn(n -> n.label().equals("w/901"))
                .extracting(WaitGraph.Node::detail)
                .containsExactly("waits behind holder/900");
    }

    @Test
    void theCulpritFallsBackToTheOneTaskLabelledAsItsProcess() {
        WaitGraph g = WaitGraph.builder()
                .task("task:a/1", "a/1", null)
                .task("task:b/2", "b/2", null)
                .build();

        assertThat(g.withCulprit(new io.lockdoc.model.Culprit("f", null, "b")).nodes())
                .filteredOn(WaitGraph.Node::culprit)
                .extracting(WaitGraph.Node::id)
                .containsExactly("task:b/2");
        WaitGraph twins = WaitGraph.builder()
                .task("task:a/1", "a/1", null)
                .task("task:a/2", "a/2", null)
                .build();
        assertThat(twins.withCulprit(new io.lockdoc.model.Culprit("f", null, "a"))
                        .nodes())
                .noneMatch(WaitGraph.Node::culprit);
    }
}
