package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The node's command line: help, and bad options rejected with a message naming them before anything starts. */
class GridkvNodeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GridkvNode.run(args, java.util.Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void help_explainsEveryOption() {
        assertEquals(0, run("--help"));
        for (String option : new String[] {
            "--cluster-port",
            "--members",
            "--cluster-name",
            "--host",
            "--backup-count",
            "GRIDKV_CLUSTER_PORT",
            "GRIDKV_MEMBERS",
            "--version"
        }) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
    }

    @Test
    void badPort_isRejectedWithTheOptionsName() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--cluster-port", "70000"));
        assertTrue(err.toString().contains("cluster port"), err.toString());
    }

    @Test
    void badMemberAddress_isRejected() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--members", "127.0.0.1:notaport"));
        assertTrue(err.toString().contains("127.0.0.1:notaport"), err.toString());
    }

    @Test
    void unknownOption_isAUsageError() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }
}
