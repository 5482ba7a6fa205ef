package io.gridkv.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How settings become Hazelcast configuration, and which settings are refused before anything starts. */
class HazelcastConfigsTest {

    @Test
    void defaults_areASingleNodeThatJoinsNobody() {
        Config config = HazelcastConfigs.member(ClusterSettings.DEFAULT);
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        // TCP-IP with no members: it finds nobody, yet a node started later with --members naming it can join.
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().getMembers().isEmpty());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertEquals("gridkv", config.getClusterName());
        assertEquals(5701, config.getNetworkConfig().getPort());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("true", config.getProperty("hazelcast.operation.fail.on.indeterminate.state"));
    }

    @Test
    void operationProfiler_isOff_unlessDiagnosticsAreOnOrItsPeriodIsSet() {
        String period = HazelcastConfigs.OPERATION_PROFILER_PERIOD;
        assertEquals("0", HazelcastConfigs.member(ClusterSettings.DEFAULT).getProperty(period));
        Config diagnosing = HazelcastConfigs.member(ClusterSettings.builder()
                .property("hazelcast.diagnostics.enabled", "true")
                .build());
        assertNull(diagnosing.getProperty(period), "Hazelcast's default period applies");
        Config set = HazelcastConfigs.member(
                ClusterSettings.builder().property(period, "10").build());
        assertEquals("10", set.getProperty(period));
    }

    @Test
    void members_turnOnTcpIpDiscovery_andStoresGetSynchronousBackups() {
        ClusterSettings settings = ClusterSettings.builder()
                .members("10.0.0.1:5701, 10.0.0.2:5701,")
                .port(5801)
                .backupCount(2)
                .build();
        Config config = HazelcastConfigs.member(settings);
        assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(
                List.of("10.0.0.1:5701", "10.0.0.2:5701"),
                config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertFalse(config.getNetworkConfig().isPortAutoIncrement(), "an explicit port is exactly that port");
        var stores = config.getMapConfig(HazelcastConfigs.STORE_MAP_PREFIX + "default");
        assertEquals(2, stores.getBackupCount());
        assertEquals(0, stores.getAsyncBackupCount());
    }

    @Test
    void client_connectsToTheNamedMembersOfTheNamedCluster() {
        ClientConfig config = HazelcastConfigs.client(ClusterSettings.builder()
                .clusterName("load")
                .members("h1:5701,h2:5702")
                .build());
        assertEquals("load", config.getClusterName());
        assertEquals(List.of("h1:5701", "h2:5702"), config.getNetworkConfig().getAddresses());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        // A client must not report success for a write whose backup it never heard of.
        assertEquals("true", config.getProperty("hazelcast.client.operation.fail.on.indeterminate.state"));
    }

    @Test
    void badSettings_failWithTheSettingsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                        .port(0))
                .getMessage()
                .contains("cluster port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                        .members("h:99999"))
                .getMessage()
                .contains("h:99999"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                        .backupCount(7))
                .getMessage()
                .contains("backup count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                        .clusterName(" "))
                .getMessage()
                .contains("cluster name"));
    }

    @Test
    void kubernetesServiceDns_turnsOnDnsLookupDiscovery_insteadOfTcpIp() {
        Config config = HazelcastConfigs.member(ClusterSettings.builder()
                .kubernetesServiceDns("gridkv-members.load.svc.cluster.local")
                .build());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals(
                "gridkv-members.load.svc.cluster.local",
                join.getKubernetesConfig().getProperty("service-dns"));
        assertEquals("5701", join.getKubernetesConfig().getProperty("service-port"));
        assertFalse(join.getTcpIpConfig().isEnabled());
    }

    @Test
    void kubernetesServiceDns_withMembers_isRejectedNamingBoth() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ClusterSettings.builder()
                        .members("10.0.0.1:5701")
                        .kubernetesServiceDns("gridkv-members")
                        .build());
        assertTrue(e.getMessage().contains("members") && e.getMessage().contains("kubernetes-service-dns"));
    }

    @Test
    void minClusterSize_aboveOne_protectsTheStoreMapsAgainstSplitBrain() {
        Config config = HazelcastConfigs.member(
                ClusterSettings.builder().minClusterSize(2).build());
        String rule =
                config.getMapConfig(HazelcastConfigs.STORE_MAP_PREFIX + "s").getSplitBrainProtectionName();
        assertEquals(HazelcastConfigs.SPLIT_BRAIN_PROTECTION, rule);
        assertEquals(2, config.getSplitBrainProtectionConfig(rule).getMinimumClusterSize());
        assertEquals(
                null,
                HazelcastConfigs.member(ClusterSettings.DEFAULT)
                        .getMapConfig(HazelcastConfigs.STORE_MAP_PREFIX + "s")
                        .getSplitBrainProtectionName(),
                "a single node must serve alone");
    }
}
