package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.cedarpolicy.loader.LibraryLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What can be checked of the native build without GraalVM: the container files, and policy-service's native-image
 * metadata against the real Cedar classes (loaded, never initialised: initialising them would load the JNI library).
 */
class NativeBuildTest {

    private static final String METADATA_DIR =
            "policy-service/src/main/resources/META-INF/native-image/dev.goodhart/policy-service/";
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

    @Test
    void everyServiceHasPinnedJvmAndNativeDockerfiles() {
        for (GoodhartService service : GoodhartService.values()) {
            for (String file : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
                String dockerfile = Repository.read(service.deployment + "/src/main/docker/" + file);
                Matcher from = FROM.matcher(dockerfile);
                assertTrue(from.find(), file + " has no FROM");
                WorkloadRulesTest.assertPinned(from.group(1), service.deployment + " " + file);
                assertTrue(dockerfile.contains("EXPOSE " + service.port), service.deployment + " " + file + " port");
                assertTrue(Pattern.compile("(?m)^USER 1?\\d{3,4}$").matcher(dockerfile).find(),
                        service.deployment + " " + file + " runs as root");
            }
            String nativeFile = Repository.read(service.deployment + "/src/main/docker/Dockerfile.native-micro");
            assertTrue(nativeFile.contains("target/*-runner /work/application"), service.deployment);
            String ignore = Repository.read(service.deployment + "/.dockerignore");
            assertTrue(ignore.lines().anyMatch("!target/*-runner"::equals), service.deployment + " .dockerignore");
        }
    }

    /** The native executable has no jar to unpack the Cedar library from: the image carries it and says where. */
    @Test
    void policyServiceImagePointsTheCedarBindingAtTheLibraryItCarries() throws Exception {
        String dockerfile = Repository.read("policy-service/src/main/docker/Dockerfile.native-micro");
        Matcher copy = Pattern.compile("(?m)^COPY .*target/native-libs/(\\S+) (\\S+)$").matcher(dockerfile);
        assertTrue(copy.find(), "Dockerfile.native-micro copies no library from target/native-libs");
        Matcher arch = Pattern.compile("(?m)^ARG CEDAR_ARCH=(\\S+)$").matcher(dockerfile);
        assertTrue(arch.find());
        String resource = copy.group(1).replace("${CEDAR_ARCH}", arch.group(1));
        assertNotNull(LibraryLoader.class.getClassLoader().getResource(resource),
                "cedar-java carries no " + resource);
        assertTrue(dockerfile.contains("ENV CEDAR_JAVA_FFI_LIB=" + copy.group(2)), "CEDAR_JAVA_FFI_LIB names "
                + copy.group(2));

        String pom = Repository.read("pom.xml");
        assertTrue(pom.contains("<includes>jne/linux/**/*.so</includes>")
                && pom.contains("<outputDirectory>${project.build.directory}/native-libs</outputDirectory>"),
                "the native profile unpacks the library where the Dockerfile takes it");
    }

    @Test
    void everyMetadataEntryNamesARealClassAndMember() throws IOException {
        JsonNode metadata = new ObjectMapper().readTree(Repository.read(METADATA_DIR + "reachability-metadata.json"));
        ClassLoader loader = LibraryLoader.class.getClassLoader();
        assertFalse(metadata.path("reflection").isEmpty());
        for (JsonNode entry : metadata.path("reflection")) {
            Class<?> type = load(entry.path("type").asText(), loader);
            for (JsonNode method : entry.path("methods")) {
                List<Class<?>> parameters = new ArrayList<>();
                method.path("parameterTypes").forEach(parameter -> parameters.add(load(parameter.asText(), loader)));
                assertTrue(hasMember(type, method.path("name").asText(), parameters.toArray(Class<?>[]::new)),
                        type.getName() + " has no " + method.path("name").asText() + parameters);
            }
        }
        List<String> resources = new ArrayList<>();
        metadata.path("resources").forEach(resource -> resources.add(resource.path("glob").asText()));
        assertEquals(List.of("cedar/**"), resources);
        assertTrue(Files.exists(Repository.path("policy-service/src/main/resources/cedar/default-policies.cedar")));
    }

    /** The binding's Jackson mapper reads and writes these reflectively; a newer cedar-java must be registered too. */
    @Test
    void everyCedarClassThatJacksonReadsIsRegisteredForReflection() throws Exception {
        Map<String, JsonNode> registered = registered();
        TreeSet<String> missing = new TreeSet<>();
        for (Class<?> type : cedarClasses()) {
            if (usesJackson(type)) {
                JsonNode entry = registered.get(type.getName());
                if (entry == null || !entry.path("allDeclaredConstructors").asBoolean()
                        || !entry.path("allDeclaredMethods").asBoolean() || !entry.path("allDeclaredFields").asBoolean()) {
                    missing.add(type.getName());
                }
            }
        }
        assertEquals(new TreeSet<>(), missing, "Cedar classes with Jackson annotations lack full reflection metadata");
    }

    /** Classes with native methods load the library in their static initialiser: that must happen at run time. */
    @Test
    void everyCedarClassWithNativeMethodsIsInitialisedAtRunTime() throws Exception {
        Matcher args = Pattern.compile("--initialize-at-run-time=(\\S+)")
                .matcher(Repository.read(METADATA_DIR + "native-image.properties"));
        assertTrue(args.find());
        List<String> runtimePackages = Arrays.asList(args.group(1).split(","));
        List<String> nativeClasses = cedarClasses().stream()
                .filter(type -> Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> Modifier.isNative(m.getModifiers())))
                .map(Class::getName).toList();
        assertTrue(nativeClasses.size() >= 5, "found the binding's JNI classes: " + nativeClasses);
        for (String nativeClass : nativeClasses) {
            assertTrue(runtimePackages.stream().anyMatch(prefix -> nativeClass.startsWith(prefix + ".")),
                    nativeClass + " would load the Cedar library while the image is built");
        }
        assertTrue(registered().get("com.cedarpolicy.model.exception.InternalException").path("jniAccessible")
                .asBoolean(), "the library throws InternalException through JNI");
    }

    private static Map<String, JsonNode> registered() throws IOException {
        JsonNode metadata = new ObjectMapper().readTree(Repository.read(METADATA_DIR + "reachability-metadata.json"));
        Map<String, JsonNode> byType = new HashMap<>();
        metadata.path("reflection").forEach(entry -> byType.put(entry.path("type").asText(), entry));
        return byType;
    }

    private static List<Class<?>> cedarClasses() throws IOException, URISyntaxException {
        Path jar = Path.of(LibraryLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("com/cedarpolicy/") && name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.add(load(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            LibraryLoader.class.getClassLoader()));
                }
            }
        }
        return classes;
    }

    private static boolean usesJackson(Class<?> type) {
        Stream<AnnotatedElement> elements = Stream.of(
                Stream.<AnnotatedElement>of(type),
                Arrays.stream(type.getDeclaredFields()),
                Arrays.stream(type.getDeclaredMethods()),
                Arrays.stream(type.getDeclaredConstructors())).flatMap(s -> s);
        return elements.anyMatch(element -> isJackson(element.getDeclaredAnnotations())
                || (element instanceof Executable executable
                        && Arrays.stream(executable.getParameterAnnotations()).anyMatch(NativeBuildTest::isJackson)));
    }

    private static boolean isJackson(Annotation[] annotations) {
        return Arrays.stream(annotations).anyMatch(a -> a.annotationType().getName().startsWith("com.fasterxml.jackson"));
    }

    private static boolean hasMember(Class<?> type, String name, Class<?>[] parameters) {
        try {
            if (name.equals("<init>")) {
                type.getDeclaredConstructor(parameters);
            } else {
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    try {
                        c.getDeclaredMethod(name, parameters);
                        return true;
                    } catch (NoSuchMethodException notHere) {
                        // look in the superclass
                    }
                }
                type.getMethod(name, parameters);
            }
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        if (name.equals("int")) {
            return int.class;
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("No class " + name, e);
        }
    }
}
