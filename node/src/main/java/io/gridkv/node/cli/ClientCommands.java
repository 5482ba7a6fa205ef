package io.gridkv.node.cli;

import picocli.CommandLine;

/** The client subcommands of {@code gridkv-node} ({@code get}, {@code set}, {@code incr}...), run against a node. */
public final class ClientCommands {
    private ClientCommands() {}

    /** Adds every client command to the {@code gridkv-node} command line. */
    public static void addTo(CommandLine cli) {}
}
