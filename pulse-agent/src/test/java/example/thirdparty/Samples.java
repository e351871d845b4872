package example.thirdparty;

import com.google.common.base.CharMatcher;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Lists;
import com.google.common.collect.Ordering;
import com.google.common.hash.Hashing;
import com.google.common.math.BigIntegerMath;
import com.google.common.math.LongMath;
import com.google.common.primitives.Ints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.lang3.ArrayUtils;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.math.NumberUtils;
import org.apache.commons.lang3.text.WordUtils;

/** A sample of commons-lang3 and guava API, run from plain and instrumented copies of the jars. */
public final class Samples {

    private Samples() {}

    /** Each sample's result as a string, in a fixed order. */
    @SuppressWarnings("deprecation") // WordUtils: still in commons-lang3, a loop-heavy sample
    public static List<String> run() {
        List<Supplier<Object>> samples = new ArrayList<>();
        String text = "The quick brown fox jumps over the lazy dog ".repeat(200);
        samples.add(() -> StringUtils.abbreviate(text, 40));
        samples.add(() -> StringUtils.center("pulse", 21, '*'));
        samples.add(() -> Arrays.toString(StringUtils.splitByCharacterTypeCamelCase("parseXMLStreamV2Fast")));
        samples.add(() -> StringUtils.countMatches(text, "o"));
        samples.add(() -> StringUtils.getLevenshteinDistance("kitten sitting on a mat", "sitting kitten at a map"));
        samples.add(() -> StringUtils.join(ArrayUtils.toObject(new int[] {5, 3, 9, 1}), '|'));
        samples.add(() -> StringUtils.reverseDelimited("a.b.c.d", '.'));
        samples.add(() -> NumberUtils.createNumber("0x1F").toString() + NumberUtils.max(3, 9, 4));
        samples.add(() -> WordUtils.wrap(text.substring(0, 300), 37).hashCode());
        samples.add(() -> Arrays.toString(ArrayUtils.subarray(ArrayUtils.addAll(new long[] {1, 2}, 3, 4, 5), 1, 4)));
        samples.add(() -> Joiner.on(',').skipNulls().join(Arrays.asList("a", null, "b", "c")));
        samples.add(() -> Splitter.on(' ').omitEmptyStrings().splitToList(text).size());
        samples.add(() -> ImmutableSortedSet.copyOf(
                        Splitter.on(' ').omitEmptyStrings().split(text))
                .toString());
        samples.add(
                () -> Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString());
        samples.add(() -> Hashing.murmur3_128()
                .hashBytes(text.getBytes(StandardCharsets.UTF_8))
                .toString());
        samples.add(() -> BigIntegerMath.factorial(60).toString());
        samples.add(() -> LongMath.pow(3, 39) + ":" + LongMath.gcd(1_071_000_000L, 462_000_000L));
        samples.add(() -> Ints.join("-", Ints.toArray(Lists.newArrayList(4, 8, 15, 16, 23, 42))));
        samples.add(() -> CharMatcher.inRange('a', 'f').removeFrom(text).length());
        samples.add(() -> {
            HashMultiset<Character> counts = HashMultiset.create();
            for (int i = 0; i < text.length(); i++) {
                counts.add(text.charAt(i));
            }
            return counts.count('o') + ":" + counts.elementSet().size();
        });
        samples.add(() -> {
            List<Integer> values = new ArrayList<>();
            long x = 7;
            for (int i = 0; i < 20_000; i++) {
                x = x * 6_364_136_223_846_793_005L + 1;
                values.add((int) (x >>> 40));
            }
            return Ordering.natural().reverse().greatestOf(values, 5).toString()
                    + Lists.partition(values, 999).size();
        });
        List<String> out = new ArrayList<>();
        for (Supplier<Object> s : samples) {
            out.add(String.valueOf(s.get()));
        }
        return out;
    }
}
