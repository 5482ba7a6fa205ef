package io.gridkv.testing;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.cluster.ClusterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The members the test JVM shares between test classes (starting a cluster costs seconds): a single member and a
 * pair with a client, started on first use and stopped when the whole run ends (JUnit closes root-store resources).
 * Handles are cached per topology and options, so a test class re-parameterised with the same options reuses them.
 */
public final class SharedClusters implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private HazelcastInstance single;
    private List<ClusterSettings> pairSettings;
    private List<HazelcastInstance> pair;
    private HazelcastInstance client;
    private final Map<String, Kv> handles = new ConcurrentHashMap<>();
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** Resolves a {@link SharedClusters} parameter of test methods, lifecycle methods and constructors. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedClusters.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(SharedClusters.class, k -> new SharedClusters(), SharedClusters.class);
        }
    }

    /** A handle on {@code options}' store through {@code topology}, opened once per run. */
    public Kv open(Topology topology, KvOptions options) {
        return handles.computeIfAbsent(topology + "/" + options, k -> Kv.using(instance(topology), options));
    }

    public synchronized HazelcastInstance instance(Topology topology) {
        switch (topology) {
            case SINGLE_MEMBER -> {
                if (single == null) {
                    single = TestMembers.start(TestMembers.cluster(1)).get(0);
                    started.add(single);
                }
                return single;
            }
            case TWO_MEMBERS -> {
                return pair().get(0);
            }
            default -> {
                if (client == null) {
                    pair();
                    client = TestMembers.client(pairSettings);
                    started.add(0, client);
                }
                return client;
            }
        }
    }

    /** Both members of the pair. */
    public synchronized List<HazelcastInstance> pair() {
        if (pair == null) {
            pairSettings = TestMembers.cluster(2);
            pair = TestMembers.start(pairSettings);
            started.addAll(pair);
        }
        return pair;
    }

    @Override
    public synchronized void close() {
        TestMembers.shutdownAll(started);
    }
}
