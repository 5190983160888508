package io.lockdoc.engine;

import io.lockdoc.model.Frame;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.LockCycle;
import io.lockdoc.model.LockdepChainLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns lockdep's dependency chain into a {@link LockCycle}. Link {@code #k} (k >= 1) records
 * where lock {@code #k} was taken while {@code #(k-1)} was held; the reporting task closes the
 * cycle by taking {@code #0} while holding the last one.
 */
final class LockdepCycles {
    private LockdepCycles() {}

    static Optional<LockCycle> from(KernelReport r) {
        if (r.getKind() != KernelReportKind.CIRCULAR_LOCKING || r.getAcquiring() == null || r.getHeld() == null) {
            return Optional.empty();
        }
        List<LockdepChainLink> chain = new ArrayList<>(r.getChain());
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        chain.sort(Comparator.comparingInt(LockdepChainLink::index));
        List<String> locks = new ArrayList<>();
        List<LockCycle.Edge> edges = new ArrayList<>();
        for (LockdepChainLink link : chain) {
            locks.add(link.lockClass());
        }
        for (int k = 1; k < chain.size(); k++) {
            LockdepChainLink link = chain.get(k);
            Optional<Frame> own = Culprits.firstOwnFrame(link.frames());
            edges.add(new LockCycle.Edge(
                    chain.get(k - 1).lockClass(),
                    link.lockClass(),
                    own.map(Frame::baseFunction).orElse(null),
                    own.map(Frame::module).orElse(null),
                    null,
                    link.line()));
        }
        String culprit = Culprits.forLockOrder(r).orElse(null);
        String task = r.getTask() == null ? null : r.getTask() + (r.getPid() == null ? "" : "/" + r.getPid());
        edges.add(new LockCycle.Edge(
                r.getHeld().lockClass(),
                r.getAcquiring().lockClass(),
                culprit,
                Culprits.moduleOf(culprit, r.getFrames()).orElse(null),
                task,
                r.getAcquiring().line()));
        return Optional.of(new LockCycle(r.getId(), locks, edges, r.getEvidence()));
    }
}
