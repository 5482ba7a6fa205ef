package io.gridkv.node.cli;

import picocli.CommandLine.Option;

/** The {@code --prefix} option of the commands that select keys by prefix. */
final class PrefixOption {
    @Option(
            names = "--prefix",
            paramLabel = "P",
            defaultValue = "",
            description = "Only keys starting with P. Default: all keys.")
    String value;
}
