package dev.goodhart.simulator;

import java.time.DayOfWeek;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates one member's activity for one day. Every person-day has its own random stream derived from the seed, so
 * any day can be generated again on its own and the same seed always gives the same organisation.
 *
 * <p>Honest people work in bursty sessions (log-normal gaps) and most of a power user's sessions end in a merged PR,
 * a resolved ticket, a published document or an accepted output, linked by session, task or artifact reference.
 * Tokenmaxxers add activity that never links to anything.
 */
final class ActivityGenerator {

    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** The measurement cut-off the tokenmaxxers aim at: Friday 17:00 UTC, scoring-service's default. */
    static final long CUTOFF_TIME_OF_DAY = 17 * HOUR;

    private final List<Member> members;
    private final long startMillis;
    private final long seed;
    private final String idPrefix;
    private final int teamSize;

    ActivityGenerator(OrgSpec spec, List<Member> members) {
        this.members = members;
        this.startMillis = spec.start().toEpochDay() * DAY;
        this.seed = spec.seed();
        this.idPrefix = "sim" + Long.toHexString(spec.seed()) + "-" + spec.start().format(DateTimeFormatter.BASIC_ISO_DATE);
        this.teamSize = spec.teamSize();
    }

    void day(Member member, int dayIndex, List<SimEvent> out) {
        Day day = new Day(member, dayIndex, out);
        switch (member.archetype()) {
            case HONEST_LIGHT -> {
                if (!onLeave(member, dayIndex / 7)) {
                    lightWork(day);
                }
            }
            case NO_AI -> workWithoutAi(day);
            case HONEST_POWER -> powerWork(day);
            case HONEST_AUTOMATION -> {
                lightWork(day);
                reviewedAutomation(day);
            }
            case NEAR_DUPLICATE -> {
                lightWork(day);
                nearDuplicateBursts(day);
            }
            case ORPHAN -> orphanWork(day);
            case PHANTOM -> {
                lightWork(day);
                phantomSummaries(day);
            }
            case UNATTENDED -> {
                lightWork(day);
                unattendedSchedule(day);
            }
            case SELF_LOOPING -> {
                lightWork(day);
                selfLoops(day);
            }
            case CUTOFF_SPIKE -> {
                lightWork(day);
                cutoffSpike(day);
            }
            case MACHINE_CADENCE -> {
                lightWork(day);
                scriptedCadence(day);
            }
        }
    }

    // --- honest work ------------------------------------------------------------------------------------------------

    private void lightWork(Day day) {
        if (!day.workday()) {
            return;
        }
        int sessions = day.pick(0.30, 0.45, 0.25);
        for (int i = 0; i < sessions; i++) {
            day.humanSession(day.workTime(), 1 + day.random.nextInt(4), 1_500, 0.5);
        }
        if (day.random.nextDouble() < 0.15) {
            day.realMeetingWithSummary();
        }
        if (day.random.nextDouble() < 0.04) {
            // A meeting the calendar never reported: one such summary a month is ordinary, not phantom tokenmaxxing.
            day.meetingSummary(day.workTime(), day.meetingRef(), 6_000);
        }
    }

    /** One week in eight a light user is away (leave, a course, an incident): no AI use and no outcome at all. */
    private boolean onLeave(Member member, int week) {
        return new SplittableRandom(mix(seed, member.index(), -2L - week)).nextDouble() < 0.125;
    }

    /** Pull requests and tickets done by hand: outcomes no AI usage links to. */
    private void workWithoutAi(Day day) {
        if (!day.workday()) {
            return;
        }
        if (day.random.nextDouble() < 0.35) {
            day.outcome(day.member, day.workTime(), "pr_merged", "https://github.com/acme/" + day.member.team() + "/pull/"
                    + (day.member.index() * 10_000 + day.dayIndex * 100 + 99), null, null);
        }
        if (day.random.nextDouble() < 0.25) {
            String task = day.member.team().toUpperCase() + "-H" + day.member.index() + "-" + day.dayIndex;
            day.outcome(day.member, day.workTime(), "ticket_resolved", "https://tickets.acme.example/" + task, null, task);
        }
    }

    private void powerWork(Day day) {
        if (!day.workday()) {
            if (day.random.nextDouble() < 0.3) {
                for (int i = 0, n = 1 + day.random.nextInt(3); i < n; i++) {
                    day.humanSession(day.at(10 * HOUR + day.random.nextLong(6 * HOUR)), 4 + day.random.nextInt(8), 9_000, 0.85);
                }
            }
            return;
        }
        int sessions = 11 + day.random.nextInt(7);
        for (int i = 0; i < sessions; i++) {
            day.humanSession(day.workTime(), 8 + day.random.nextInt(11), 9_000, 0.85);
        }
        if (day.dayOfWeek() == DayOfWeek.FRIDAY) {
            // Crunch before the weekly cut-off, with real results: heavy, but honest.
            for (int i = 0; i < 4; i++) {
                day.humanSession(day.at(10 * HOUR + day.random.nextLong(6 * HOUR)), 8 + day.random.nextInt(11), 9_000, 0.85);
            }
        }
        if (day.random.nextDouble() < 0.6) {
            day.realMeetingWithSummary();
        }
    }

    /** A scheduled triage agent and short agent-to-agent chains whose results the owner accepts or rejects. */
    private void reviewedAutomation(Day day) {
        if (!day.workday()) {
            return;
        }
        long fingerprint = day.agentFingerprint();
        for (long at = 6 * HOUR; at <= 20 * HOUR; at += 2 * HOUR) {
            String session = day.sessionId();
            long time = day.at(at + day.random.nextLong(5 * MINUTE));
            for (int call = 0, calls = 1 + day.random.nextInt(3); call < calls; call++) {
                day.agentUsage(time, session, "schedule", 3_000, fingerprint, null, null);
                time += 20 * SECOND + day.random.nextLong(40 * SECOND);
            }
            day.review(session, time);
        }
        for (int chain = 0; chain < 2; chain++) {
            String session = day.sessionId();
            long time = day.workTime();
            for (int step = 0, steps = 3 + day.random.nextInt(4); step < steps; step++) {
                day.agentUsage(time, session, step == 0 ? "human" : "agent", 4_000, day.random.nextLong(), null, null);
                time += 5 * SECOND + day.random.nextLong(25 * SECOND);
            }
            day.review(session, time);
        }
    }

    // --- tokenmaxxing -----------------------------------------------------------------------------------------------

    private void nearDuplicateBursts(Day day) {
        if (!day.workday() || day.random.nextDouble() >= 0.8) {
            return;
        }
        long base = day.random.nextLong();
        for (int burst = 0, bursts = 2 + day.random.nextInt(2); burst < bursts; burst++) {
            String session = day.sessionId();
            long time = day.workTime();
            for (int i = 0, n = 12 + day.random.nextInt(14); i < n; i++) {
                day.humanUsage(time, session, null, 4_000, flipBits(base, day.random.nextInt(3), day.random), null, null);
                time += 30 * SECOND + day.random.nextLong(90 * SECOND);
            }
        }
    }

    private void orphanWork(Day day) {
        if (!day.workday()) {
            return;
        }
        for (int i = 0, sessions = 12 + day.random.nextInt(7); i < sessions; i++) {
            day.humanSession(day.workTime(), 5 + day.random.nextInt(6), 8_000, 0.0);
        }
    }

    private void phantomSummaries(Day day) {
        if (day.workday() && day.random.nextDouble() < 0.9) {
            day.meetingSummary(day.workTime(), day.meetingRef(), 8_000);
        }
    }

    /** A digest every 30 minutes, day and night, that nobody ever opens. */
    private void unattendedSchedule(Day day) {
        long fingerprint = day.agentFingerprint();
        for (int slot = 0; slot < 48; slot++) {
            long time = day.at(slot * 30 * MINUTE + day.random.nextLong(MINUTE));
            day.agentUsage(time, day.sessionId(), "schedule", 4_000, fingerprint, "digest",
                    "digest:" + day.member.agentId() + ":" + day.dayIndex + "-" + slot);
        }
    }

    /** An agent that hands its own output back to itself, dozens of times per loop. */
    private void selfLoops(Day day) {
        for (int loop = 0, loops = 3 + day.random.nextInt(3); loop < loops; loop++) {
            String session = day.sessionId();
            long time = day.at(day.random.nextLong(20 * HOUR));
            for (int step = 0, steps = 30 + day.random.nextInt(41); step < steps; step++) {
                day.agentUsage(time, session, "agent", 3_000, day.random.nextLong(), null, null);
                time += 8 * SECOND + day.random.nextLong(32 * SECOND);
            }
        }
    }

    /** Heavy, unlinked use in the 24 hours before Friday 17:00, when token leaderboards are snapshotted. */
    private void cutoffSpike(Day day) {
        long from;
        long to;
        if (day.dayOfWeek() == DayOfWeek.THURSDAY) {
            from = CUTOFF_TIME_OF_DAY + HOUR;
            to = DAY - MINUTE;
        } else if (day.dayOfWeek() == DayOfWeek.FRIDAY) {
            from = 7 * HOUR;
            to = CUTOFF_TIME_OF_DAY - 15 * MINUTE;
        } else {
            return;
        }
        int calls = day.dayOfWeek() == DayOfWeek.THURSDAY ? 20 + day.random.nextInt(12) : 30 + day.random.nextInt(20);
        String session = day.sessionId();
        for (int i = 0; i < calls; i++) {
            if (i % 8 == 7) {
                session = day.sessionId();
            }
            day.humanUsage(day.at(from + day.random.nextLong(to - from)), session, null, 15_000, day.random.nextLong(),
                    null, null);
        }
    }

    /** A script that reports itself as a person: a call every 90 seconds (±1.5 s) for hours. */
    private void scriptedCadence(Day day) {
        if (!day.workday() || day.random.nextDouble() >= 0.85) {
            return;
        }
        long time = day.at(10 * HOUR + day.random.nextLong(HOUR));
        for (int i = 0, calls = 150 + day.random.nextInt(71); i < calls; i++) {
            day.humanUsage(time, day.sessionId(), null, 2_000, day.random.nextLong(), null, null);
            time += 90 * SECOND + day.random.nextLong(-1_500, 1_501);
        }
    }

    static long flipBits(long fingerprint, int bits, SplittableRandom random) {
        long result = fingerprint;
        for (int i = 0; i < bits; i++) {
            result ^= 1L << random.nextInt(64);
        }
        return result;
    }

    /** One member's day: the random stream, the id counters and the helpers that write events. */
    private final class Day {
        final Member member;
        final int dayIndex;
        final SplittableRandom random;
        final long dayStart;
        final List<SimEvent> out;
        private int sequence;

        Day(Member member, int dayIndex, List<SimEvent> out) {
            this.member = member;
            this.dayIndex = dayIndex;
            this.out = out;
            this.dayStart = startMillis + dayIndex * DAY;
            this.random = new SplittableRandom(mix(seed, member.index(), dayIndex));
        }

        DayOfWeek dayOfWeek() {
            return DayOfWeek.of(dayIndex % 7 + 1);
        }

        boolean workday() {
            return dayIndex % 7 < 5;
        }

        long at(long offsetInDay) {
            return dayStart + offsetInDay;
        }

        /** A moment in the member's working hours (eight and a half hours from their start). */
        long workTime() {
            return at(member.workStartMinute() * MINUTE + random.nextLong(510 * MINUTE));
        }

        /** Index from cumulative weights, e.g. pick(0.3, 0.45, 0.25) is 0, 1 or 2. */
        int pick(double... weights) {
            double roll = random.nextDouble();
            for (int i = 0; i < weights.length; i++) {
                roll -= weights[i];
                if (roll < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }

        String id(String kind) {
            return idPrefix + "-" + kind + "-" + member.index() + "-" + dayIndex + "-" + sequence++;
        }

        String sessionId() {
            return id("s");
        }

        String meetingRef() {
            return "meeting:" + id("m");
        }

        long agentFingerprint() {
            return mix(seed, member.index(), -1);
        }

        /**
         * A person working with an assistant: bursty calls, and with probability {@code linked} a result that links
         * back to the session (a merged PR, a resolved ticket, a published document or an accepted output).
         */
        void humanSession(long start, int calls, long medianTokens, double linked) {
            String session = sessionId();
            boolean produces = random.nextDouble() < linked;
            int resultKind = produces ? pick(0.45, 0.25, 0.10, 0.20) : -1;
            String task = resultKind == 1 || resultKind == 0 ? member.team().toUpperCase() + "-" + (dayIndex * 1000 + sequence) : null;
            String pr = resultKind == 0 ? "https://github.com/acme/" + member.team() + "/pull/" + (member.index() * 10_000 + dayIndex * 100 + sequence) : null;
            String doc = resultKind == 2 ? "https://docs.acme.example/" + member.team() + "/" + id("d") : null;
            long time = start;
            long previousFingerprint = 0;
            for (int call = 0; call < calls; call++) {
                boolean last = call == calls - 1;
                String artifactKind = last && pr != null ? "pull_request" : last && doc != null ? "document" : null;
                String artifactRef = last && pr != null ? pr : last && doc != null ? doc : null;
                // Now and then a person retries a prompt with a small edit: a handful of near-duplicates is normal.
                long fingerprint = call > 0 && random.nextDouble() < 0.04
                        ? flipBits(previousFingerprint, 1 + random.nextInt(2), random) : random.nextLong();
                humanUsage(time, session, task, medianTokens, fingerprint, artifactKind, artifactRef);
                previousFingerprint = fingerprint;
                time += gap();
            }
            switch (resultKind) {
                case 0 -> {
                    long merged = time + HOUR + random.nextLong(47 * HOUR);
                    Member reviewer = teammate();
                    if (reviewer != null) {
                        outcome(reviewer, merged - 30 * MINUTE, "pr_approved", pr, null, null);
                    }
                    outcome(member, merged, "pr_merged", pr, session, task);
                }
                case 1 -> outcome(member, time + 30 * MINUTE + random.nextLong(23 * HOUR), "ticket_resolved",
                        "https://tickets.acme.example/" + task, null, task);
                case 2 -> outcome(member, time + HOUR + random.nextLong(23 * HOUR), "doc_published", doc, null, null);
                case 3 -> outcome(member, time + MINUTE + random.nextLong(29 * MINUTE), "output_accepted", null, session, null);
                default -> {
                    if (linked > 0 && random.nextDouble() < 0.3) {
                        outcome(member, time + MINUTE + random.nextLong(10 * MINUTE), "output_rejected", null, session, null);
                    }
                }
            }
        }

        void realMeetingWithSummary() {
            String ref = meetingRef();
            long held = workTime();
            outcome(member, held, "meeting_held", ref, null, null);
            meetingSummary(held + 30 * MINUTE + random.nextLong(HOUR), ref, 6_000);
        }

        void meetingSummary(long time, String ref, long medianTokens) {
            humanUsage(time, sessionId(), null, medianTokens, random.nextLong(), "meeting_summary", ref);
        }

        /** The owner reads the run's output: usually accepts it, sometimes rejects it, now and then skips it. */
        void review(String session, long runEnd) {
            int verdict = pick(0.7, 0.15, 0.15);
            if (verdict < 2) {
                outcome(member, runEnd + 30 * MINUTE + random.nextLong(4 * HOUR),
                        verdict == 0 ? "output_accepted" : "output_rejected", null, session, null);
            }
        }

        /** A call a person makes themselves. */
        void humanUsage(long time, String session, String task, long medianTokens, long fingerprint,
                String artifactKind, String artifactRef) {
            usage(time, session, task, "human", null, medianTokens, fingerprint, artifactKind, artifactRef);
        }

        /** An automation's call: the agent is the member's own agent. */
        void agentUsage(long time, String session, String trigger, long medianTokens, long fingerprint,
                String artifactKind, String artifactRef) {
            usage(time, session, null, trigger, member.agentId(), medianTokens, fingerprint, artifactKind, artifactRef);
        }

        private void usage(long time, String session, String task, String trigger, String agent, long medianTokens,
                long fingerprint, String artifactKind, String artifactRef) {
            long total = Math.max(50, Math.round(medianTokens * Math.exp(0.6 * random.nextGaussian())));
            long input = total * 3 / 10;
            long cacheRead = total / 2;
            long output = total - input - cacheRead;
            long costMicros = input * 3 + cacheRead * 3 / 10 + output * 15;
            out.add(new SimEvent.Usage(id("u"), time, member.email(), member.team(), agent,
                    "anthropic", agent != null ? "claude-haiku-4" : "claude-sonnet-4", "chat",
                    input, cacheRead, 0, output, 0, costMicros, session, task, null, trigger, artifactKind, artifactRef,
                    fingerprint));
        }

        void outcome(Member who, long time, String kind, String ref, String session, String task) {
            out.add(new SimEvent.Outcome(id("o"), time, who.email(), who.team(), kind, ref, session, task, null));
        }

        private long gap() {
            long gap = Math.round(90 * SECOND * Math.exp(random.nextGaussian()));
            return Math.max(5 * SECOND, Math.min(30 * MINUTE, gap));
        }

        private Member teammate() {
            int candidate = member.index() ^ 1;
            if (candidate >= members.size() || candidate / teamSize != member.index() / teamSize) {
                return null;
            }
            return members.get(candidate);
        }
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
