package io.lockdoc.shell;

import io.lockdoc.cli.CommandSetup;
import io.lockdoc.rulebase.RuleBase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code lockdoc} without arguments, or {@code lockdoc shell [--db URL] [--resume ID]}: the only
 * path that boots Spring (one-shot commands stay on picocli for their start-up time).
 */
public final class ShellMain {
    /** The packaged rules, loaded on another thread while the Spring context starts. */
    static volatile CompletableFuture<RuleBase> rules;

    private ShellMain() {}

    public static int run(String... args) {
        String db = null;
        String resume = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = i + 1 < args.length ? args[++i] : null;
                case "--resume" -> resume = i + 1 < args.length ? args[++i] : null;
                case "-h", "--help" -> {
                    System.out.println("usage: lockdoc shell [--db JDBC-URL] [--resume SESSION-ID]");
                    System.out.println("An interactive, guided troubleshooting session; type help inside it.");
                    System.out.println("Reads commands from a pipe or a script as well: lockdoc shell < script.txt");
                    return 0;
                }
                default -> {
                    System.err.println("lockdoc shell: unknown option '" + io.lockdoc.escape.Terminal.escape(args[i])
                            + "' (try: lockdoc shell --help)");
                    return 2;
                }
            }
        }
        String url = CommandSetup.databaseUrl(db, System.err);
        // logging first, so the loader thread's log calls do not race its initialisation
        org.slf4j.LoggerFactory.getILoggerFactory();
        rules = CompletableFuture.supplyAsync(RuleBase::packaged);
        boolean terminal = System.console() != null;
        Map<String, Object> props = new HashMap<>();
        props.put("lockdoc.db", url);
        props.put("lockdoc.resume", resume == null ? "" : resume);
        props.put("spring.main.web-application-type", "none");
        // the session's own help replaces Spring Shell's; scripts go through stdin, not 'script'
        props.put("spring.shell.command.help.enabled", "false");
        props.put("spring.shell.command.script.enabled", "false");
        props.put("spring.shell.command.version.enabled", "false");
        props.put("spring.shell.history.enabled", Boolean.toString(terminal));
        props.put(
                "spring.shell.history.name",
                Path.of(System.getProperty("user.home"), ".lockdoc", "shell-history")
                        .toString());
        SpringApplication app = new SpringApplication(ShellApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setDefaultProperties(props);
        try (ConfigurableApplicationContext ctx = app.run()) {
            return SpringApplication.exit(ctx);
        } catch (RuntimeException e) {
            System.err.println(
                    "lockdoc shell: cannot start: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            return 4;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
