package io.gridkv.cluster;

/** Validation of {@code host:port} strings, so a typo fails at start with the offending text. */
final class Addresses {
    private Addresses() {}

    static String checkMember(String address) {
        if (address.isEmpty()) {
            throw new IllegalArgumentException("member address must not be empty");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.indexOf(']') > colon) {
            return address; // a bare host: Hazelcast tries its default port range
        }
        if (colon == 0) {
            throw new IllegalArgumentException("member address has no host: '" + address + "'");
        }
        String port = address.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("member address has a bad port: '" + address + "'");
        }
        return address;
    }
}
