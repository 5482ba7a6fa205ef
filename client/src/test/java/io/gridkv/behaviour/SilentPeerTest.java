package io.gridkv.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.gridkv.testing.TestMembers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A member that opens a connection to a peer which accepts it but never answers — a stopped process (SIGSTOP, a frozen
 * VM), whose kernel still completes the TCP handshake — must not spin. Hazelcast 5.7.0's protocol encoder kept one of
 * the member's IO threads at 100% CPU for as long as such a connection stayed open, which on two cores starved the
 * other members' heartbeats (README, "When nodes fail"); gridkv carries a corrected copy of that class
 * ({@code com.hazelcast.internal.server.tcp.UnifiedProtocolEncoder}, ahead of Hazelcast's on this classpath). Without
 * it this test measures about one second of IO-thread CPU per second.
 */
class SilentPeerTest {
    private static final long WINDOW_MILLIS = 2_000;

    @Test
    void aConnectionToAPeerThatNeverAnswers_leavesTheIoThreadsIdle() throws Exception {
        List<HazelcastInstance> members = TestMembers.start(TestMembers.cluster(1));
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            silent.setSoTimeout(30_000);
            ((HazelcastInstanceProxy) members.get(0))
                    .getOriginal()
                    .node
                    .getServer()
                    .getConnectionManager(EndpointQualifier.MEMBER)
                    .getOrConnect(new Address("127.0.0.1", silent.getLocalPort()));
            try (Socket accepted = silent.accept()) { // the member has connected; the peer says nothing
                long before = ioThreadsCpuNanos();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS)); // the measuring window
                long used = TimeUnit.NANOSECONDS.toMillis(ioThreadsCpuNanos() - before);
                assertTrue(
                        used < WINDOW_MILLIS / 4,
                        "the member's IO threads used " + used + " ms of CPU in " + WINDOW_MILLIS
                                + " ms while a connection waited for a silent peer");
            }
        } finally {
            TestMembers.shutdownAll(members);
        }
    }

    /** The copy is of 5.7.0's class: on another Hazelcast version it would silently replace a different one. */
    @Test
    void theCorrectedEncoderIsACopyOfTheHazelcastVersionInUse() {
        assertEquals(
                "5.7.0",
                BuildInfoProvider.getBuildInfo().getVersion(),
                "com.hazelcast.internal.server.tcp.UnifiedProtocolEncoder in gridkv-client is Hazelcast 5.7.0's class with"
                        + " one change: merge that change into the new version's class, then update this version");
    }

    private static long ioThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(".IO.thread-")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }
}
