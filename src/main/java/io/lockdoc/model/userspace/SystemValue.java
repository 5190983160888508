package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * One named system-wide number or setting: {@code procs_blocked}, {@code procs_running},
 * {@code load1}, {@code kernel.hung_task_timeout_secs}, {@code kernel.tainted}, a cgroup's
 * {@code cgroup.freeze} ({@code cgroup:<path>:frozen}) ...
 */
public final class SystemValue implements Fact {
    private final String id;
    private final String key;
    private final String value;
    private final Evidence evidence;

    public SystemValue(String id, String key, String value, Evidence evidence) {
        this.id = id;
        this.key = key;
        this.value = value;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }

    public double number() {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "SystemValue[" + key + "=" + value + "]";
    }
}
