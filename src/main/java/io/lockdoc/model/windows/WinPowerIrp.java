package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;

/** A set-power IRP from {@code !poaction} that a power IRP worker thread holds for a device. */
public final class WinPowerIrp extends WinFact {
    private final String irp;
    private final String kind;
    private final String pdo;
    private final String device;
    private final String workerThread;

    public WinPowerIrp(
            String id, Evidence evidence, String irp, String kind, String pdo, String device, String workerThread) {
        super(id, evidence);
        this.irp = irp;
        this.kind = kind;
        this.pdo = pdo;
        this.device = device;
        this.workerThread = workerThread;
    }

    public String getIrp() {
        return irp;
    }

    /** {@code set/D3}, {@code set/S4} ... */
    public String getKind() {
        return kind;
    }

    public String getPdo() {
        return pdo;
    }

    /** The device the IRP is CURRENT at. */
    public String getDevice() {
        return device;
    }

    /** The IRP worker thread holding it, or null. */
    public String getWorkerThread() {
        return workerThread;
    }

    @Override
    public String toString() {
        return "WinPowerIrp[" + irp + " " + kind + " at " + device + "]";
    }
}
