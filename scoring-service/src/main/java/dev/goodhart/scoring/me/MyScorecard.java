package dev.goodhart.scoring.me;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Your own weekly figures, oldest week first. Only you can read them; nobody is ranked.")
public record MyScorecard(List<MyWeek> weeks) {
}
