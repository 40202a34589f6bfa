package dev.goodhart.policy.cedar;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Cedar text into its policy statements, keeping each statement's offset in the text. The binding parses a
 * whole policy set without saying where an error is, so each statement is parsed on its own and errors are placed by
 * these offsets. Only what can hide a {@code ;} is understood here: {@code //} comments and string literals.
 */
final class PolicyStatements {

    /** One statement with the comments and blank lines that precede it; {@code text} ends with its {@code ;}. */
    record Statement(int offset, String text) {
    }

    private PolicyStatements() {
    }

    static List<Statement> split(String source) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        boolean code = false;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '"') {
                code = true;
                i++;
                while (i < source.length() && source.charAt(i) != '"') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (c == ';') {
                statements.add(new Statement(start, source.substring(start, i + 1)));
                start = i + 1;
                code = false;
            } else if (!Character.isWhitespace(c)) {
                code = true;
            }
            i++;
        }
        if (code) {
            statements.add(new Statement(start, source.substring(start)));
        }
        return statements;
    }

    /** 1-based line and column of a character offset. */
    static int[] lineAndColumn(String source, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] { line, column };
    }

    /** The native library reports UTF-8 byte offsets; this turns one into a character offset within {@code text}. */
    static int charOffset(String text, int byteOffset) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (bytes >= byteOffset) {
                return i;
            }
            int codePoint = text.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            }
        }
        return text.length();
    }

    /** Offset of the first character that is neither blank nor inside a comment. */
    static int firstCode(String text) {
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else {
                return i;
            }
        }
        return Math.max(0, text.length() - 1);
    }
}
