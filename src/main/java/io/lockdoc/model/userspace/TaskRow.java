package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * One process or thread as a process listing ({@code ps} in any form, {@code top -b}) or a
 * {@code /proc/<pid>/status} file showed it. Fields a source does not print are null.
 */
public final class TaskRow implements Fact {
    private final String id;
    private final String source;
    private final Integer pid;
    private final Integer tid;
    private final Integer ppid;
    private final String state;
    private final String stat;
    private final String wchan;
    private final String comm;
    private final String args;
    private final Double cpu;
    private final Integer tracerPid;
    private final Evidence evidence;

    public TaskRow(
            String id,
            String source,
            Integer pid,
            Integer tid,
            Integer ppid,
            String stat,
            String wchan,
            String comm,
            String args,
            Double cpu,
            Integer tracerPid,
            Evidence evidence) {
        this.id = id;
        this.source = source;
        this.pid = pid;
        this.tid = tid;
        this.ppid = ppid;
        this.stat = stat;
        this.state = stat == null || stat.isEmpty() ? null : stat.substring(0, 1);
        this.wchan = wchan == null || wchan.equals("-") || wchan.equals("0") ? null : wchan;
        this.comm = comm;
        this.args = args;
        this.cpu = cpu;
        this.tracerPid = tracerPid;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    /** {@code ps}, {@code top} or {@code status}. */
    public String getSource() {
        return source;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public Integer getPid() {
        return pid;
    }

    /** The thread id; null when the source lists processes only. */
    public Integer getTid() {
        return tid;
    }

    public Integer getPpid() {
        return ppid;
    }

    /** The one-letter state: R S D T t Z I X. */
    public String getState() {
        return state;
    }

    public String getStat() {
        return stat;
    }

    public String getWchan() {
        return wchan;
    }

    public String getComm() {
        return comm;
    }

    public String getArgs() {
        return args;
    }

    public Double getCpu() {
        return cpu;
    }

    public Integer getTracerPid() {
        return tracerPid;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "TaskRow[" + pid + "/" + tid + " " + comm + " " + stat + " " + wchan + "]";
    }
}
