package io.gridkv.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path split at {@code /} and percent-decoded segment by segment, so a store named {@code a/b} travels as
 * {@code a%2Fb}. Unlike form decoding, {@code +} stays a plus.
 */
final class PathSegments {
    private PathSegments() {}

    /**
     * @throws io.gridkv.KvException {@code InvalidOptionsError} for a malformed escape or bytes that are not UTF-8
     */
    static List<String> of(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            segments.add(decode(raw));
        }
        if (!segments.isEmpty() && segments.get(0).isEmpty()) {
            segments.remove(0); // the path's leading slash
        }
        return segments;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw Args.invalid("path: truncated %-escape in \"" + raw + '"');
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw Args.invalid("path: malformed %-escape in \"" + raw + '"');
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Args.invalid("path: \"" + raw + "\" does not decode to UTF-8 text");
        }
    }
}
