package io.lockdoc.cli;

import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.rulebase.RuleBase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Builds what the commands share (rules, engine, knowledge base) from the common options. */
public final class CommandSetup {
    static final String DB_ENV = "LOCKDOC_DB";

    private CommandSetup() {}

    static RuleBase rules(Path pack) throws IOException {
        return pack == null ? RuleBase.packaged() : RuleBase.withPack(pack);
    }

    /** What a background task made, or the exception it threw. */
    static <T> T await(java.util.concurrent.FutureTask<T> task) throws Exception {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the knowledge base", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        }
    }

    /** As {@link #await}, for a caller that cannot throw: the failure travels in {@link Unavailable}. */
    static <T> T opened(java.util.concurrent.FutureTask<T> task) {
        try {
            return await(task);
        } catch (Exception e) {
            throw new Unavailable(e);
        }
    }

    /** Closes what the task opened, once it has finished; a failed task opened nothing. */
    static void closeWhenOpen(java.util.concurrent.FutureTask<? extends AutoCloseable> task) throws Exception {
        AutoCloseable c;
        try {
            c = await(task);
        } catch (Exception e) {
            return; // already reported by whoever awaited it
        }
        if (c != null) {
            c.close();
        }
    }

    /** A background set-up step failed; {@link #getCause()} is its exception. */
    static final class Unavailable extends RuntimeException {
        Unavailable(Exception cause) {
            super(cause);
        }

        @Override
        public synchronized Exception getCause() {
            return (Exception) super.getCause();
        }
    }

    static List<Article> articles(Path kbDir) throws IOException {
        return kbDir == null ? ArticleLoader.packaged() : ArticleLoader.fromDirectory(kbDir);
    }

    /**
     * The database: {@code --db}, else {@code $LOCKDOC_DB}, else an H2 file under the home folder;
     * an unwritable home falls back to memory with a warning rather than failing the analysis.
     */
    static KnowledgeBase knowledgeBase(String db, List<Article> articles, PrintStream err) throws SQLException {
        String url = databaseUrl(db, err);
        try {
            return KnowledgeBase.open(url, articles);
        } catch (SQLException e) {
            if (url.equals(KnowledgeBase.IN_MEMORY)) {
                throw e;
            }
            // the plan only needs the articles: a broken database must not cost the diagnosis
            err.println("lockdoc: database " + io.lockdoc.kb.Database.name(url) + ": " + KnowledgeBase.describe(e)
                    + "; using an in-memory knowledge base (no history kept)");
            return KnowledgeBase.open(KnowledgeBase.IN_MEMORY, articles);
        }
    }

    /** {@code --db}, else {@code $LOCKDOC_DB}, else the H2 file under the home folder (memory if unwritable). */
    public static String databaseUrl(String db, PrintStream err) {
        Place p = place(db);
        if (p.url() != null) {
            return p.url();
        }
        err.println("lockdoc: cannot keep the database in " + p.home() + " (" + p.why()
                + "); using an in-memory one, so no history is kept (choose a place with --db or LOCKDOC_DB)");
        return KnowledgeBase.IN_MEMORY;
    }

    /**
     * As {@link #databaseUrl}, for the commands that only read or change the history: an empty in-memory
     * history would answer "never seen", so an unusable home is an error (null, after one line on err).
     */
    static String historyUrl(String db, PrintStream err) {
        Place p = place(db);
        if (p.url() == null) {
            err.println("lockdoc: no history to read: cannot use " + p.home() + " (" + p.why()
                    + "); give the database with --db or LOCKDOC_DB");
        }
        return p.url();
    }

    /** The database URL, or (url null) the home folder that cannot hold it and why. */
    private record Place(String url, Path home, String why) {}

    private static Place place(String db) {
        String url = db != null ? db : System.getenv(DB_ENV);
        if (url != null) {
            return new Place(url, null, null);
        }
        Path home = home();
        String why = unusableHome(home);
        if (why != null) {
            return new Place(null, home, why);
        }
        try {
            return new Place(io.lockdoc.kb.PrivateHome.url(home), home, null);
        } catch (IOException e) {
            return new Place(null, home, unusable(home, e));
        }
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"), ".lockdoc");
    }

    /** Why the home folder cannot hold the database, or null when it can. */
    private static String unusableHome(Path home) {
        try {
            Files.createDirectories(home);
            return Files.isWritable(home) ? null : home + " is not writable";
        } catch (IOException e) {
            return unusable(home, e);
        }
    }

    private static String unusable(Path dir, IOException e) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return p + " is a file, not a folder";
                }
                return Files.isWritable(p)
                        ? e.getClass().getSimpleName() + ": " + e.getMessage()
                        : p + " is not writable";
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static Analyzer analyzer(RuleBase rules, KnowledgeBase kb) {
        return new Analyzer(new Engine(rules), kb);
    }
}
