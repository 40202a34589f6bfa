package dev.goodhart.scoring.me;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.scoring.detect.FlagView;

@Schema(description = "Flags about your own activity (including agents running for you), newest week first")
public record MyFlags(List<FlagView> flags) {
}
