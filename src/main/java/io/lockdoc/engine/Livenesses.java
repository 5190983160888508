package io.lockdoc.engine;

import io.lockdoc.model.CaptureTime;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.Liveness;
import io.lockdoc.model.Participant;
import io.lockdoc.model.PrintedTime;
import io.lockdoc.model.ReportLiveness;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.model.userspace.TaskRow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether each kernel report, and each finding, is current in the capture it came with. A report
 * is live when its task is still there (ps, /proc; a hung task still in D state); past when the
 * task is gone, or, for a report without a task, when it was printed more than {@value #RECENT_SECONDS}
 * s before the capture. Its age comes from the log's times: uptime stamps against the capture's
 * uptime (from {@code /proc/uptime}, else capture time minus {@code btime}), {@code dmesg -T} and
 * ISO stamps against the capture time. Without a capture of the host's tasks nothing is past: a
 * lone kernel log says only what happened, not whether it still does.
 */
public final class Livenesses {
    /** A report without a task is current when printed at most this long before the capture. */
    static final long RECENT_SECONDS = 600;

    /** A stamp this far after the capture is from another clock or boot: no age. */
    private static final long CLOCK_SLACK_SECONDS = 5;

    private static final Pattern TID = Pattern.compile("/(\\d+)$");

    private final boolean capture;
    private final Instant capturedAt;
    private final Double captureUptime;
    private final Map<Integer, TaskRow> rows = new HashMap<>();
    private final Map<Integer, String> present = new HashMap<>();
    private final Map<String, Liveness> byReport = new LinkedHashMap<>();

    private Livenesses(List<? extends Fact> facts) {
        Instant at = null;
        Double btime = null;
        Double uptime = null;
        for (Fact f : facts) {
            if (f instanceof TaskRow r && r.getTid() != null) {
                present.putIfAbsent(r.getTid(), r.getEvidence().getArtifact());
                if (r.getStat() != null || r.getState() != null) {
                    rows.putIfAbsent(r.getTid(), r);
                }
            } else if (f instanceof ProcTask t) {
                present.putIfAbsent(t.getTid(), t.getEvidence().getArtifact());
            } else if (f instanceof CaptureTime c && at == null) {
                at = c.getAt();
            } else if (f instanceof SystemValue v && "btime".equals(v.getKey()) && btime == null) {
                btime = v.number();
            } else if (f instanceof SystemValue v && "uptime".equals(v.getKey()) && uptime == null) {
                uptime = v.number();
            }
        }
        capture = !present.isEmpty();
        capturedAt = at;
        if (uptime == null && at != null && btime != null && !btime.isNaN()) {
            uptime = at.getEpochSecond() - btime;
        }
        captureUptime = uptime == null || uptime.isNaN() ? null : uptime;
        for (Fact f : facts) {
            if (f instanceof KernelReport r) {
                byReport.put(r.getId(), of(r));
            }
        }
    }

    public static Livenesses of(List<? extends Fact> facts) {
        return new Livenesses(facts);
    }

    /** One fact per kernel report, for the rules. */
    public List<ReportLiveness> facts(List<? extends Fact> facts) {
        List<ReportLiveness> out = new ArrayList<>();
        for (Fact f : facts) {
            if (f instanceof KernelReport r) {
                out.add(new ReportLiveness(r.getId(), byReport.get(r.getId()), r.getEvidence()));
            }
        }
        return out;
    }

    /** The finding's liveness: its kernel report's, else whether its tasks are in the capture. */
    public Liveness of(Finding f) {
        for (String id : f.getMatchedFacts()) {
            Liveness l = byReport.get(id);
            if (l != null) {
                return l;
            }
        }
        if (!capture) {
            return Liveness.NO_CAPTURE;
        }
        List<String> here = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Participant p : f.getParticipants()) {
            if (p.kind() != Participant.Kind.TASK && p.kind() != Participant.Kind.THREAD) {
                continue;
            }
            Matcher m = TID.matcher(p.name());
            if (m.find()) {
                (present.containsKey(Integer.valueOf(m.group(1))) ? here : gone).add(p.name());
            }
        }
        if (!here.isEmpty()) {
            return new Liveness(
                    Liveness.State.LIVE,
                    null,
                    "read from the capture: " + String.join(", ", here) + (here.size() == 1 ? " is" : " are")
                            + " in it");
        }
        if (!gone.isEmpty()) {
            return new Liveness(
                    Liveness.State.PAST, null, String.join(", ", gone) + " no longer exist(s) in the capture");
        }
        return new Liveness(Liveness.State.UNKNOWN, null, "the finding names no task to look for in the capture");
    }

    private Liveness of(KernelReport r) {
        Long age = age(r.attribute("timestamp"));
        String printed = age == null ? "" : "printed " + Liveness.age(age) + " before the capture; ";
        if (!capture) {
            return age != null && age > RECENT_SECONDS
                    ? new Liveness(Liveness.State.PAST, age, printed + "no task table to check")
                    : new Liveness(Liveness.State.UNKNOWN, age, printed + Liveness.NO_CAPTURE.reason());
        }
        Integer pid = r.getPid();
        if (pid == null) {
            if (age == null) {
                return new Liveness(
                        Liveness.State.UNKNOWN,
                        null,
                        "the report names no task and has no time to compare with the capture");
            }
            return new Liveness(
                    age > RECENT_SECONDS ? Liveness.State.PAST : Liveness.State.LIVE,
                    age,
                    "printed " + Liveness.age(age) + " before the capture");
        }
        String who = (r.getTask() == null ? "task " : "task " + r.getTask() + "/") + pid;
        if (!present.containsKey(pid)) {
            return new Liveness(Liveness.State.PAST, age, printed + "task " + pid + " no longer exists");
        }
        TaskRow row = rows.get(pid);
        String stat = row == null ? null : row.getStat() != null ? row.getStat() : row.getState();
        if (r.getKind() == KernelReportKind.HUNG_TASK && stat != null && !stat.startsWith("D")) {
            return new Liveness(
                    Liveness.State.PAST,
                    age,
                    printed + who + " is still there but no longer in D state (" + stat
                            + (row.getWchan() == null ? "" : " in " + row.getWchan()) + ")");
        }
        return new Liveness(
                Liveness.State.LIVE,
                age,
                printed + who + " is still there in the capture (" + present.get(pid) + ")"
                        + (stat == null ? "" : ", state " + stat));
    }

    /** Seconds from the stamp to the capture, or null when the log or the capture has no comparable time. */
    Long age(String stamp) {
        if (stamp == null) {
            return null;
        }
        String s = stamp.strip();
        Double boot = PrintedTime.sinceBoot(s);
        double seconds;
        if (boot != null) {
            if (captureUptime == null) {
                return null;
            }
            seconds = captureUptime - boot;
        } else {
            Instant at = wall(s);
            if (at == null || capturedAt == null) {
                return null;
            }
            seconds = capturedAt.getEpochSecond() - at.getEpochSecond();
        }
        if (seconds < -CLOCK_SLACK_SECONDS) {
            return null;
        }
        return Math.max(0, Math.round(seconds));
    }

    /** A wall-clock stamp as an instant: a time without a zone ({@code dmesg -T}) is read as UTC. */
    private static Instant wall(String s) {
        Temporal t = PrintedTime.wall(s);
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return t instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : null;
    }
}
