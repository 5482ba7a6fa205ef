package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "stats",
        description = {
            "Prints the cluster's members and stores (GET /v1/stats).",
            "The node's version and cluster, its members, and every store with its serialization, key tracking and"
                    + " key count."
        })
final class StatsCommand extends ClientCommand {
    @Override
    int run(NodeClient client) {
        JsonNode stats = client.stats();
        if (json) {
            print(stats);
            return ExitCodes.OK;
        }
        JsonNode members = stats.path("members");
        out().printf(
                        "cluster %s: %d member(s), %s, version %s%n",
                        stats.path("clusterName").asText(),
                        members.size(),
                        stats.path("clusterSafe").asBoolean() ? "safe" : "NOT safe (migrating or missing backups)",
                        stats.path("version").asText());
        for (JsonNode member : members) {
            out().println("  " + member.path("address").asText()
                    + (member.path("local").asBoolean() ? "  (this node)" : ""));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STORE", "SERIALIZATION", "TRACK KEYS", "KEYS"});
        for (JsonNode store : stats.path("stores")) {
            rows.add(new String[] {
                store.path("store").asText(),
                store.path("serialization").asText(),
                store.path("trackKeys").asText(),
                store.path("keys").asText()
            });
        }
        if (rows.size() == 1) {
            out().println("no stores");
        } else {
            printTable(rows);
        }
        return ExitCodes.OK;
    }

    private void printTable(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out().println(line);
        }
    }
}
