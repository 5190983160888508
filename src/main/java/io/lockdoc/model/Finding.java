package io.lockdoc.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diagnosed cause with everything needed to trust and act on it. Rules create findings through
 * {@link #builder}; nothing else does.
 */
public final class Finding {
    private final Cause cause;
    private final double confidence;
    private final String summary;
    private final Culprit culprit;
    private final List<Participant> participants;
    private final List<Evidence> evidence;
    private final String rule;
    private final List<String> matchedFacts;
    private final Completeness completeness;
    private final Map<String, String> bindings;
    private final String signatureKey;
    private final String lockSites;
    private final String artifact;
    private final int ordinal;
    private final int firstLine;
    private final WaitGraph graph;
    private final List<Reason> reasons;
    private final Liveness liveness;

    /** Why the confidence moved from the deciding rule's value: evidence for or against, with its size. */
    public record Reason(Adjustment.Direction direction, double delta, String text, Evidence evidence, String rule) {}

    private Finding(Builder b) {
        this.cause = b.cause;
        this.confidence = Math.max(0, Math.min(1, b.confidence));
        this.summary = b.summary;
        this.culprit = b.culprit;
        this.participants = List.copyOf(b.participants);
        this.evidence = List.copyOf(b.evidence);
        this.rule = b.rule;
        this.matchedFacts = List.copyOf(b.matchedFacts);
        this.completeness = b.completeness;
        this.bindings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.bindings));
        this.signatureKey = b.signatureKey;
        this.lockSites = b.lockSites;
        this.artifact = b.evidence.get(0).getArtifact();
        this.ordinal = b.ordinal;
        this.firstLine = b.evidence.get(0).getFirstLine();
        this.graph = b.graph.withCulprit(b.culprit);
        this.reasons = List.copyOf(b.reasons);
        this.liveness = b.liveness;
    }

    /** This finding with another confidence and the reasons for the change (scoring). */
    public Finding rescored(double newConfidence, List<Reason> why) {
        Builder b = copy();
        b.confidence = newConfidence;
        b.reasons.clear();
        b.reasons.addAll(why);
        return b.build();
    }

    /** This finding marked live, past or unknown against the capture it came with. */
    public Finding withLiveness(Liveness l) {
        Builder b = copy();
        b.liveness = l;
        return b.build();
    }

    private Builder copy() {
        Builder b = new Builder(cause, rule);
        b.confidence = confidence;
        b.summary = summary;
        b.culprit = culprit;
        b.participants.addAll(participants);
        b.evidence.addAll(evidence);
        b.matchedFacts.addAll(matchedFacts);
        b.completeness = completeness;
        b.bindings.putAll(bindings);
        b.signatureKey = signatureKey;
        b.lockSites = lockSites;
        b.ordinal = ordinal;
        b.graph = graph;
        b.reasons.addAll(reasons);
        b.liveness = liveness;
        return b;
    }

    /** Evidence for and against that moved the confidence; empty when nothing did. */
    public List<Reason> getReasons() {
        return reasons;
    }

    public static Builder builder(Cause cause, String rule) {
        return new Builder(cause, rule);
    }

    public Cause getCause() {
        return cause;
    }

    /** The platform of the finding: its cause's, or for a cause of both ({@code recursive-locking}) the one the rule bound. */
    public Platform getPlatform() {
        if (cause.platform() != Platform.ANY) {
            return cause.platform();
        }
        String p = bindings.get("platform");
        return p == null ? Platform.LINUX : Platform.valueOf(p.toUpperCase(java.util.Locale.ROOT));
    }

    public double getConfidence() {
        return confidence;
    }

    public String getSummary() {
        return summary;
    }

    public Culprit getCulprit() {
        return culprit;
    }

    public List<Participant> getParticipants() {
        return participants;
    }

    public List<Evidence> getEvidence() {
        return evidence;
    }

    public String getRule() {
        return rule;
    }

    public List<String> getMatchedFacts() {
        return matchedFacts;
    }

    public Completeness getCompleteness() {
        return completeness;
    }

    /** Values the knowledge-base steps fill in: {@code {lockA}}, {@code {functionA}}, {@code {module}} ... */
    public Map<String, String> getBindings() {
        return bindings;
    }

    /** Host-independent text the signature is hashed from: cause and normalised culprit frames or locks. */
    public String getSignatureKey() {
        return signatureKey;
    }

    /** The sorted functions that take the contested locks ({@code refund,transfer}), or null. */
    public String getLockSites() {
        return lockSites;
    }

    /** Cause-independent: a detector's report and a live capture of the same lock sites share it; null without sites. */
    public String getLockSiteSignature() {
        return lockSites == null ? null : Signatures.ofLockSites(lockSites);
    }

    /** A stable, versioned, host-independent key: same deadlock, same signature. */
    public String getSignature() {
        return Signatures.of(cause, signatureKey);
    }

    public String getArtifact() {
        return artifact;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public int getFirstLine() {
        return firstLine;
    }

    /** Whether the finding is current in its capture ({@code live}), over ({@code past}) or cannot say. */
    public Liveness getLiveness() {
        return liveness;
    }

    /** Tasks and locks of the finding, with the cycle or chain marked; empty when the data has none. */
    public WaitGraph getGraph() {
        return graph;
    }

    @Override
    public String toString() {
        return "Finding[" + cause + " " + confidence + " " + (culprit == null ? "-" : culprit.describe()) + " " + rule
                + "]";
    }

    /** Assembles a finding; evidence is required. */
    public static final class Builder {
        private final Cause cause;
        private final String rule;
        private double confidence = 0.5;
        private String summary;
        private Culprit culprit;
        private final List<Participant> participants = new ArrayList<>();
        private final List<Evidence> evidence = new ArrayList<>();
        private final List<String> matchedFacts = new ArrayList<>();
        private Completeness completeness = Completeness.COMPLETE;
        private final Map<String, String> bindings = new LinkedHashMap<>();
        private String signatureKey = "";
        private String lockSites;
        private int ordinal;
        private WaitGraph graph = WaitGraph.EMPTY;
        private final List<Reason> reasons = new ArrayList<>();
        private Liveness liveness = Liveness.NO_CAPTURE;

        private Builder(Cause cause, String rule) {
            this.cause = cause;
            this.rule = rule;
        }

        public Builder confidence(double v) {
            confidence = v;
            return this;
        }

        public Builder summary(String v) {
            summary = v;
            return this;
        }

        public Builder culprit(Culprit v) {
            culprit = v;
            return this;
        }

        public Builder participant(Participant v) {
            participants.add(v);
            return this;
        }

        public Builder evidence(Evidence v) {
            evidence.add(v);
            return this;
        }

        public Builder matched(Fact f) {
            matchedFacts.add(f.getId());
            return this;
        }

        public Builder completeness(Completeness v) {
            completeness = v;
            return this;
        }

        public Builder bind(String key, String value) {
            if (value != null && !value.isBlank()) {
                bindings.put(key, value);
            }
            return this;
        }

        /**
         * The functions where the finding's threads take the contested locks: a detector's edges and a live
         * capture's blocked threads name the same ones, whatever the cause, so they share a lock-site signature.
         * Left unset when any site is unknown.
         */
        public Builder lockSites(java.util.Collection<String> functions) {
            lockSites = functions.isEmpty() || functions.contains(null)
                    ? null
                    : String.join(",", new java.util.TreeSet<>(functions));
            return this;
        }

        public Builder signatureKey(String v) {
            signatureKey = v;
            return this;
        }

        public Builder graph(WaitGraph v) {
            graph = v == null ? WaitGraph.EMPTY : v;
            return this;
        }

        public Builder ordinal(int v) {
            ordinal = v;
            return this;
        }

        public Finding build() {
            if (evidence.isEmpty()) {
                throw new IllegalStateException("no finding without evidence (" + cause + ", " + rule + ")");
            }
            return new Finding(this);
        }
    }
}
