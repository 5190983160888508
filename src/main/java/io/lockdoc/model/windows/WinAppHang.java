package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;

/** An Application Hang event (1002) or a WER {@code AppHangB1} report. */
public final class WinAppHang extends WinFact {
    private final String appName;
    private final String appVersion;
    private final String processId;
    private final String hangType;
    private final String eventName;
    private final String time;
    private final int count;

    public WinAppHang(
            String id,
            Evidence evidence,
            String appName,
            String appVersion,
            String processId,
            String hangType,
            String eventName,
            String time) {
        this(id, evidence, appName, appVersion, processId, hangType, eventName, time, 1);
    }

    /** @param count how many events of the same hang this one stands for (the first is its evidence) */
    public WinAppHang(
            String id,
            Evidence evidence,
            String appName,
            String appVersion,
            String processId,
            String hangType,
            String eventName,
            String time,
            int count) {
        super(id, evidence);
        this.count = count;
        this.appName = appName;
        this.appVersion = appVersion;
        this.processId = processId;
        this.hangType = hangType;
        this.eventName = eventName;
        this.time = time;
    }

    public String getAppName() {
        return appName;
    }

    public String getAppVersion() {
        return appVersion;
    }

    public String getProcessId() {
        return processId;
    }

    /** {@code Top level window is idle}, {@code Cross-process} ..., or null. */
    public String getHangType() {
        return hangType;
    }

    /** {@code Application Hang 1002} or {@code AppHangB1}. */
    public String getEventName() {
        return eventName;
    }

    public String getTime() {
        return time;
    }

    /** Events of this application, version and hang type in the same log: 1, or the repeats folded in. */
    public int getCount() {
        return count;
    }

    /** The same hang standing for {@code count} events. */
    public WinAppHang times(int count) {
        return new WinAppHang(getId(), getEvidence(), appName, appVersion, processId, hangType, eventName, time, count);
    }

    @Override
    public String toString() {
        return "WinAppHang[" + appName + " " + eventName + "]";
    }
}
