package io.lockdoc.model;

import java.util.Map;
import java.util.Objects;

/**
 * The lock-class graph lockdep keeps, as {@code /proc/lockdep} prints it (each class and the
 * classes taken while it was held: {@code -> [addr] name}) or as {@code /proc/lockdep_chains} does
 * (each chain of classes held together, in the order taken). One fact per file: an edge
 * {@code a -> b} means b was taken while a was held, with the line that shows it.
 */
public final class LockdepGraph implements Fact {
    public enum Source {
        LOCKDEP("/proc/lockdep"),
        LOCKDEP_CHAINS("/proc/lockdep_chains");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String id;
    private final Source source;
    private final Map<String, Integer> classes;
    private final Map<String, Integer> edges;
    private final Evidence evidence;

    public LockdepGraph(
            String id, Source source, Map<String, Integer> classes, Map<String, Integer> edges, Evidence evidence) {
        this.id = Objects.requireNonNull(id, "id");
        this.source = Objects.requireNonNull(source, "source");
        this.classes = Map.copyOf(classes);
        this.edges = Map.copyOf(edges);
        this.evidence = Objects.requireNonNull(evidence, "evidence");
    }

    static String key(String from, String to) {
        return from + "\u0000" + to;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    public Source getSource() {
        return source;
    }

    public int getClassCount() {
        return classes.size();
    }

    public int getEdgeCount() {
        return edges.size();
    }

    /** The line of the class, or null when the file does not list it. */
    public Integer classLine(String lockClass) {
        return classes.get(lockClass);
    }

    /** The line that shows {@code to} taken while {@code from} was held, or null. */
    public Integer edgeLine(String from, String to) {
        return edges.get(key(from, to));
    }

    /** Builds the edge keys for a parser. */
    public static String edge(String from, String to) {
        return key(from, to);
    }
}
