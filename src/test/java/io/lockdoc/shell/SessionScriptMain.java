package io.lockdoc.shell;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Spring-free session in its own process: commands from stdin, transcript and state on stdout. */
public final class SessionScriptMain {
    private SessionScriptMain() {}

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        ScriptConsole con = new ScriptConsole(lines);
        try (Session s = Session.open(args[0], con)) {
            con.drive(s);
            System.out.print(con.transcript());
            for (String st : SessionTest.describe(s)) {
                System.out.println("STATE " + st);
            }
        }
    }
}
