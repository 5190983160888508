package io.lockdoc.gate;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Finding;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The causes {@code --fail-on} gates: a comma-separated list of cause ids, or {@code any}. */
public record FailOn(Set<Cause> causes) {
    public static final FailOn ANY = new FailOn(EnumSet.allOf(Cause.class));

    public FailOn {
        causes = Set.copyOf(causes);
    }

    /** @throws IllegalArgumentException naming the unknown cause and the choices */
    public static FailOn parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--fail-on needs a cause id, a comma-separated list of them, or any");
        }
        EnumSet<Cause> set = EnumSet.noneOf(Cause.class);
        for (String part : spec.split(",")) {
            String id = part.strip().toLowerCase(Locale.ROOT);
            if (id.equals("any")) {
                return ANY;
            }
            Cause cause = Cause.byId(id)
                    .orElseThrow(() -> new IllegalArgumentException("--fail-on: unknown cause '" + part.strip()
                            + "'; choose any or one of: "
                            + Arrays.stream(Cause.values()).map(Cause::id).collect(Collectors.joining(", "))));
            set.add(cause);
        }
        return new FailOn(set);
    }

    public boolean gates(Finding f) {
        return causes.contains(f.getCause());
    }
}
