package io.gridkv.node.cli;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one path segment, as the node decodes it: every byte outside RFC 3986's unreserved set is
 * escaped, so a store named {@code a/b c+d} travels as {@code a%2Fb%20c%2Bd}. (URLEncoder is for forms: it would turn
 * a space into {@code +}, which a path keeps as a plus.) A store named {@code .} or {@code ..} has its dots escaped
 * too, so no URL normaliser on the way mistakes it for a relative step.
 */
final class PathSegment {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {}

    static String encode(String segment) {
        boolean dotsOnly = segment.equals(".") || segment.equals("..");
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || (c == '.' && !dotsOnly)
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
