package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes; 32 callers ({@link MixedLoad}: Java clients, and HTTP callers of the two nodes that stay up) while one
 * node is killed with {@code kill -9} and later restarted.
 *
 * <p>Exact: a call whose member died while it ran is resent with its operation id (by the Java client itself, by the
 * HTTP caller with its {@code Idempotency-Key}, and by the surviving nodes on the caller's behalf) and applied once,
 * so every counter ends equal to its acknowledged increments, every acknowledged create and delete holds, and no call
 * is left failed or with an unknown outcome.
 */
@Timeout(300)
class FailoverIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(3);

    @Test
    void killNine_ofOneNodeUnderLoad_leavesExactlyTheAcknowledgedState() throws Exception {
        NODES.start();
        KvOptions options = KvOptions.builder().store("failover").build();
        List<Kv> clients = List.of(NODES.connect(options), NODES.connect(options));
        MixedLoad load = new MixedLoad(clients, 16, List.of(NODES.httpUrl(0), NODES.httpUrl(1)), 16);
        try (load) {
            load.awaitWarmUp();
            NODES.kill(2);
            MixedLoad.pause(Duration.ofSeconds(3));
            NODES.start(); // node 2 comes back on its ports and joins again
            MixedLoad.pause(Duration.ofSeconds(2));
        }
        load.assertExact(clients.get(0));
        clients.forEach(kv -> await(kv.close()));
    }
}
