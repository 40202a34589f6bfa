package dev.goodhart.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this checkout: the build passes its root as {@code goodhart.root}. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("goodhart.root", "..")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
