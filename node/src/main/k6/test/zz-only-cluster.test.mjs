import { clusterSuite } from "/work/main/node/src/main/k6/test/suites/cluster.mjs";
clusterSuite();
