package io.lockdoc.model;

/**
 * A kernel module seen on a report's frames, with what the taint flags say about it. Derived by
 * the rules in {@code rules/derive}.
 */
public final class ModuleInvolvement implements Fact {
    private final String reportId;
    private final String module;
    private final boolean outOfTree;
    private final boolean proprietary;
    private final boolean unsigned;
    private final Evidence evidence;

    public ModuleInvolvement(
            String reportId,
            String module,
            boolean outOfTree,
            boolean proprietary,
            boolean unsigned,
            Evidence evidence) {
        this.reportId = reportId;
        this.module = module;
        this.outOfTree = outOfTree;
        this.proprietary = proprietary;
        this.unsigned = unsigned;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return reportId + "/module/" + module;
    }

    public String getReportId() {
        return reportId;
    }

    public String getModule() {
        return module;
    }

    /** The kernel is tainted {@code O}: an out-of-tree module is loaded, most likely this one. */
    public boolean isOutOfTree() {
        return outOfTree;
    }

    public boolean isProprietary() {
        return proprietary;
    }

    public boolean isUnsigned() {
        return unsigned;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "ModuleInvolvement[" + module + (outOfTree ? " out-of-tree" : "") + "]";
    }
}
