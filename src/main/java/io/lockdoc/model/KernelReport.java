package io.lockdoc.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One report the kernel printed (lockdep splat, hung task, lockup, stall, BUG ...) with the
 * structure the parser could read from it. Kind-specific values that need no type of their own
 * live in {@link #getAttributes()}.
 */
public final class KernelReport implements Fact {
    /** Attribute of a kept hung-task repeat: how many reports of the same task and stack were dropped before it. */
    public static final String FOLDED = "folded";

    private final String id;
    private final String artifact;
    private final int ordinal;
    private final KernelReportKind kind;
    private final String banner;
    private final Evidence evidence;
    private final String task;
    private final Integer pid;
    private final String taint;
    private final String kernelRelease;
    private final List<Frame> frames;
    private final List<KernelTrace> traces;
    private final List<KernelTrace> usageTraces;
    private final Completeness completeness;
    private final LockRef acquiring;
    private final LockRef held;
    private final List<LockdepChainLink> chain;
    private final List<String> chainSummary;
    private final List<ScenarioStep> scenario;
    private final List<HeldLock> heldLocks;
    private final List<String> modulesLinkedIn;
    private final Map<String, String> attributes;

    private KernelReport(Builder b) {
        this.id = b.artifact + "#" + b.ordinal;
        this.artifact = b.artifact;
        this.ordinal = b.ordinal;
        this.kind = b.kind;
        this.banner = b.banner;
        this.evidence = b.evidence;
        this.task = b.task;
        this.pid = b.pid;
        this.taint = b.taint;
        this.kernelRelease = b.kernelRelease;
        this.frames = List.copyOf(b.frames);
        this.traces = List.copyOf(b.traces);
        this.usageTraces = List.copyOf(b.usageTraces);
        this.completeness = b.completeness;
        this.acquiring = b.acquiring;
        this.held = b.held;
        this.chain = List.copyOf(b.chain);
        this.chainSummary = List.copyOf(b.chainSummary);
        this.scenario = List.copyOf(b.scenario);
        this.heldLocks = List.copyOf(b.heldLocks);
        this.modulesLinkedIn = List.copyOf(b.modulesLinkedIn);
        this.attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.attributes));
    }

    public static Builder builder(String artifact, int ordinal, KernelReportKind kind) {
        return new Builder(artifact, ordinal, kind);
    }

    @Override
    public String getId() {
        return id;
    }

    public String getArtifact() {
        return artifact;
    }

    /** 1-based position of the report in its artifact; the first report is what a reader sees first. */
    public int getOrdinal() {
        return ordinal;
    }

    public KernelReportKind getKind() {
        return kind;
    }

    public String getBanner() {
        return banner;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    public String getTask() {
        return task;
    }

    public Integer getPid() {
        return pid;
    }

    /** The taint flags as printed after {@code Tainted:} (e.g. {@code G O}), or null when not tainted/unknown. */
    public String getTaint() {
        return taint;
    }

    /** Whether the taint flags include {@code flag}, e.g. {@code "O"} for an out-of-tree module. */
    public boolean isTaintedWith(String flag) {
        return taint != null && flag != null && !flag.isEmpty() && taint.contains(flag);
    }

    public String getKernelRelease() {
        return kernelRelease;
    }

    /** The reliable frames of the report's call trace, innermost first. */
    public List<Frame> getFrames() {
        return frames;
    }

    public Completeness getCompleteness() {
        return completeness;
    }

    /** Every stack of the report in order (the first is {@link #getFrames()}); stalls and hung tasks print several. */
    public List<KernelTrace> getTraces() {
        return traces;
    }

    /**
     * The irq-usage stacks of an irq-state report ({@code ... which became HARDIRQ-irq-safe at:},
     * {@code {SOFTIRQ-ON-W} state was registered at:}), in order, each with its header as context.
     */
    public List<KernelTrace> getUsageTraces() {
        return usageTraces;
    }

    public boolean isComplete() {
        return completeness == Completeness.COMPLETE;
    }

    public LockRef getAcquiring() {
        return acquiring;
    }

    public LockRef getHeld() {
        return held;
    }

    public List<LockdepChainLink> getChain() {
        return chain;
    }

    public List<String> getChainSummary() {
        return chainSummary;
    }

    public List<ScenarioStep> getScenario() {
        return scenario;
    }

    public List<HeldLock> getHeldLocks() {
        return heldLocks;
    }

    public List<String> getModulesLinkedIn() {
        return modulesLinkedIn;
    }

    /** Modules named on the report's frames ({@code func+0x1/0x2 [mymod]}), in order of appearance. */
    public List<String> getModulesOnPath() {
        Set<String> mods = new LinkedHashSet<>();
        for (Frame f : frames) {
            if (f.module() != null) {
                mods.add(f.module());
            }
        }
        for (LockdepChainLink link : chain) {
            for (Frame f : link.frames()) {
                if (f.module() != null) {
                    mods.add(f.module());
                }
            }
        }
        return new ArrayList<>(mods);
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public String toString() {
        return "KernelReport[" + id + " " + kind + " " + evidence + "]";
    }

    /** Collects a report's parts as the parser meets them. */
    public static final class Builder {
        private final String artifact;
        private final int ordinal;
        private KernelReportKind kind;
        private String banner;
        private Evidence evidence;
        private String task;
        private Integer pid;
        private String taint;
        private String kernelRelease;
        private final List<Frame> frames = new ArrayList<>();
        private final List<KernelTrace> traces = new ArrayList<>();
        private final List<KernelTrace> usageTraces = new ArrayList<>();
        private Completeness completeness = Completeness.COMPLETE;
        private LockRef acquiring;
        private LockRef held;
        private final List<LockdepChainLink> chain = new ArrayList<>();
        private final List<String> chainSummary = new ArrayList<>();
        private final List<ScenarioStep> scenario = new ArrayList<>();
        private final List<HeldLock> heldLocks = new ArrayList<>();
        private final List<String> modulesLinkedIn = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(String artifact, int ordinal, KernelReportKind kind) {
            this.artifact = artifact;
            this.ordinal = ordinal;
            this.kind = kind;
        }

        public Builder kind(KernelReportKind v) {
            kind = v;
            return this;
        }

        public KernelReportKind kind() {
            return kind;
        }

        public int ordinal() {
            return ordinal;
        }

        public Builder banner(String v) {
            banner = v;
            return this;
        }

        public Builder evidence(Evidence v) {
            evidence = v;
            return this;
        }

        public Builder task(String name, Integer id) {
            task = name;
            pid = id;
            return this;
        }

        public String task() {
            return task;
        }

        public Builder taint(String v) {
            taint = v;
            return this;
        }

        public Builder kernelRelease(String v) {
            kernelRelease = v;
            return this;
        }

        public Builder frame(Frame f) {
            frames.add(f);
            return this;
        }

        public List<Frame> frames() {
            return frames;
        }

        public Builder usageTrace(KernelTrace t) {
            usageTraces.add(t);
            return this;
        }

        public Builder trace(KernelTrace t) {
            traces.add(t);
            return this;
        }

        public Builder completeness(Completeness v) {
            completeness = v;
            return this;
        }

        public Builder acquiring(LockRef v) {
            acquiring = v;
            return this;
        }

        public LockRef acquiring() {
            return acquiring;
        }

        public Builder held(LockRef v) {
            held = v;
            return this;
        }

        public LockRef held() {
            return held;
        }

        public Builder chainLink(LockdepChainLink v) {
            chain.add(v);
            return this;
        }

        public List<LockdepChainLink> chain() {
            return chain;
        }

        public Builder chainSummary(List<String> v) {
            chainSummary.clear();
            chainSummary.addAll(v);
            return this;
        }

        public Builder scenarioStep(ScenarioStep v) {
            scenario.add(v);
            return this;
        }

        public Builder heldLock(HeldLock v) {
            heldLocks.add(v);
            return this;
        }

        public Builder modulesLinkedIn(List<String> v) {
            modulesLinkedIn.clear();
            modulesLinkedIn.addAll(v);
            return this;
        }

        public Builder attribute(String key, String value) {
            if (value != null) {
                attributes.put(key, value);
            }
            return this;
        }

        public String attribute(String key) {
            return attributes.get(key);
        }

        public KernelReport build() {
            if (evidence == null) {
                throw new IllegalStateException("a report needs evidence");
            }
            return new KernelReport(this);
        }
    }
}
