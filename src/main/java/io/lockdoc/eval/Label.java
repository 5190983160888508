package io.lockdoc.eval;

/**
 * One labelled case of a corpus: a file or a bundle folder, its expected cause and culprit, and
 * optionally the pids/tids of the tasks taking part ({@code participants}), compared as a set.
 */
public record Label(String file, String cause, String culprit, java.util.List<Integer> participants) {
    public Label(String file, String cause, String culprit) {
        this(file, cause, culprit, null);
    }
}
