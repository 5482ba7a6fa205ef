package io.gridkv.node.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The client subcommands of {@code gridkv-node} ({@code get}, {@code set}, {@code incr}...): each makes one call to a
 * running node's HTTP API ({@link NodeClient}) and exits with a code a script can branch on ({@link ExitCodes}).
 */
public final class ClientCommands {
    private ClientCommands() {}

    /** Adds every client command to the {@code gridkv-node} command line. */
    public static void addTo(CommandLine cli) {
        List<ClientCommand> commands = List.of(
                new GetCommand(),
                new SetCommand(),
                new DeleteCommand(),
                new ExistsCommand(),
                new IncrCommand(),
                new CasCommand(),
                new KeysCommand(),
                new ScanCommand(),
                new CountCommand(),
                new SizeCommand(),
                new RandomCommand(),
                new ClearCommand(),
                new BackupCommand(),
                new RestoreCommand(),
                new StatsCommand(),
                new HealthCommand());
        for (ClientCommand command : commands) {
            CommandLine sub = new CommandLine(command);
            sub.setUsageHelpAutoWidth(true);
            sub.getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCodes.DESCRIPTIONS);
            cli.addSubcommand(sub);
        }
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(Arrays.asList(usage.footer()));
        footer.add("");
        footer.add("The commands above are clients: each calls a running node (--url, env GRIDKV_URL) and exits 0 on"
                + " success, 1 on a negative answer (exists false, cas not swapped, random found nothing), 2 on a"
                + " usage error, 3 on KeyNotFoundError, 4 on any other gridkv error (NAME: message on stderr), 5"
                + " when the node cannot be reached. backup and restore read and write snapshots in the snapshot"
                + " directory (<data-dir>/snapshots) of the first --url node. See gridkv-node COMMAND --help.");
        usage.footer(footer.toArray(String[]::new));
    }
}
