package io.gridkv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API stays in {@code io.gridkv} and never leaks an internal type: callers must be able to rely on every
 * public signature while everything under {@code io.gridkv.internal} changes freely.
 */
class ApiSurfaceTest {

    private static List<Class<?>> publicApiClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Kv.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/gridkv");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                try {
                    Class<?> c = Class.forName("io.gridkv." + name);
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    @Test
    void publicSignatures_neverExposeInternalTypes() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicApiClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    check(leaks, m, m.getGenericReturnType());
                    checkParameters(leaks, m);
                }
            }
            for (var k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())) {
                    checkParameters(leaks, k);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    check(leaks, f, f.getGenericType());
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void errorNames_areTheSpecCatalogue() {
        assertEquals(43, KvError.values().length, "40 top-level names + 3 item-level names (SPEC.md section c)");
        assertEquals(
                3,
                java.util.Arrays.stream(KvError.values())
                        .filter(KvError::isItemLevel)
                        .count());
        assertTrue(new KvException(KvError.KeyNotFoundError, "m").name().equals("KeyNotFoundError"));
    }

    private static void checkParameters(List<String> leaks, Executable e) {
        for (Type t : e.getGenericParameterTypes()) {
            check(leaks, e, t);
        }
    }

    private static void check(List<String> leaks, Object where, Type type) {
        if (type instanceof Class<?> c) {
            if (c.getName().startsWith("io.gridkv.internal")) {
                leaks.add(where + " exposes " + c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(leaks, where, p.getRawType());
            for (Type arg : p.getActualTypeArguments()) {
                check(leaks, where, arg);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(leaks, where, b);
            }
            for (Type b : w.getLowerBounds()) {
                check(leaks, where, b);
            }
        }
    }
}
