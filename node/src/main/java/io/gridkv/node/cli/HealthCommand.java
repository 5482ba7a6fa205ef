package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
        name = "health",
        description = {
            "Prints whether the node is ready (GET /health/ready); exits 1 when not.",
            "Ready: its member has joined an active cluster and every entry it owns has its backups. Prints `ready`"
                    + " and exits 0, or `not ready` and exits 1, with the facts the node decided on.",
            "Needs no --auth-token."
        })
final class HealthCommand extends ClientCommand {
    @Override
    int run(NodeClient client) {
        NodeClient.Health health = client.health();
        List<String> facts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : health.body().properties()) {
            if (!e.getKey().equals("status")) {
                facts.add(e.getKey() + "=" + Values.readable(e.getValue()));
            }
        }
        String verdict = health.ready() ? "ready" : "not ready";
        print(health.body(), facts.isEmpty() ? verdict : verdict + " (" + String.join(", ", facts) + ")");
        return health.ready() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
