package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling restart under load: each of three nodes in turn gets SIGTERM, is started again and waited for until
 * ready, then the next. A leaving node hands its partitions over and finishes the requests it started, and HTTP
 * callers move to another node when theirs refuses connections ({@link MixedLoad}).
 *
 * <p>Exact, with zero failed requests after client retry: an HTTP request sent just as its node closes the
 * connection, or a call caught by a partition changing owner, is resent with its operation id and applied once.
 */
@Timeout(600)
class RollingRestartIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(3);

    @Test
    void sigtermEachNodeInTurn_underLoad_leavesExactlyTheAcknowledgedState_andFailsNoCall() throws Exception {
        NODES.start();
        KvOptions options = KvOptions.builder().store("failover").build();
        List<Kv> clients = List.of(NODES.connect(options), NODES.connect(options));
        List<String> urls = List.of(NODES.httpUrl(0), NODES.httpUrl(1), NODES.httpUrl(2));
        MixedLoad load = new MixedLoad(clients, 8, urls, 8);
        try (load) {
            load.awaitWarmUp();
            for (int node = 0; node < 3; node++) {
                assertEquals(143, NODES.stop(node), "exit status of node " + node + " after SIGTERM");
                NODES.start(); // back on its ports; start() returns once it reports ready
                MixedLoad.pause(Duration.ofSeconds(1));
            }
        }
        load.assertExact(clients.get(0));
        clients.forEach(kv -> await(kv.close()));
    }
}
